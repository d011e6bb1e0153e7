import AssayData
import AssayTestSupport
import Foundation
import Testing

/// The data Assay ships with travels as a SwiftPM resource bundle beside the program, so the
/// binary (and a library user's program) finds it from any folder, without ASSAY_HOME.
struct BundledDataTests {
    static let fm = FileManager.default

    /// Every file under `folder`, as paths relative to it, sorted.
    static func files(under folder: URL) -> [String] {
        let root = folder.resolvingSymlinksInPath().path
        let all = fm.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return all.filter { path in
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }

    @Test func theBuildPutsTheBundleBesideTheBinaryWithEveryDataFile() throws {
        let binary = try #require(AssayBinary.path)
        let bundle = URL(fileURLWithPath: binary).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent(AssayData.bundleName)
        for folder in ["Templates", "Corpora"] {
            let shipped = Self.files(under: bundle.appendingPathComponent(folder))
            #expect(!shipped.isEmpty, "no \(folder) in \(bundle.path)")
            #expect(shipped == Self.files(under: TestEnvironment.packageRoot.appendingPathComponent(folder)), "\(folder) differs from the checkout")
        }
    }

    /// A copy of the binary in another folder, run from a third, reads the bundle beside it:
    /// here a bundle holding one template (and the corpora its lexicons come from), so the
    /// listing shows that one and no other.
    @Test func aCopiedBinaryReadsTheBundleBesideItFromAnyFolder() async throws {
        let binary = try #require(AssayBinary.path)
        let place = Self.fm.temporaryDirectory.appendingPathComponent("assay-bundle-\(UUID().uuidString)")
        let elsewhere = place.appendingPathComponent("elsewhere")
        defer { try? Self.fm.removeItem(at: place) }
        let bundle = place.appendingPathComponent(AssayData.bundleName)
        let math = bundle.appendingPathComponent("Templates/math")
        try Self.fm.createDirectory(at: math, withIntermediateDirectories: true)
        try Self.fm.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let checkout = TestEnvironment.packageRoot.appendingPathComponent("Templates/math")
        try Self.fm.copyItem(at: checkout.appendingPathComponent("ages-en.tmpl"), to: math.appendingPathComponent("ages-en.tmpl"))
        try Self.fm.copyItem(at: TestEnvironment.packageRoot.appendingPathComponent("Corpora"), to: bundle.appendingPathComponent("Corpora"))
        let copy = place.appendingPathComponent("assay")
        try Self.fm.copyItem(at: URL(fileURLWithPath: binary).resolvingSymlinksInPath(), to: copy)

        let environment = ProcessInfo.processInfo.environment.filter { $0.key != "ASSAY_HOME" }
        let (status, listing) = try await offPool { () throws -> (Int32, String) in
            let process = Process()
            process.executableURL = copy
            process.arguments = ["generate", "--list"]
            process.currentDirectoryURL = elsewhere
            process.environment = environment
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        #expect(status == 0)
        #expect(listing.contains("ages-en"), "\(listing)")
        #expect(!listing.contains("fence-en"), "the checkout's templates were read instead of the bundle beside the binary")
    }
}
