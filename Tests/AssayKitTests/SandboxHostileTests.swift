import Foundation
import Testing
@testable import AssayKit
import AssayTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Hostile programs against the sandbox's private filesystem, its cleanup and its grading, each
/// with a control run that shows the attack works where the protection is off. Serialized: the
/// programs are heavy (thousands of folders, 200 MB of output).
@Suite(.serialized) struct SandboxHostileTests {
    let quick = Sandbox(limits: SandboxLimits(wallSeconds: 60, cpuSeconds: 10, memoryBytes: 256 << 20, maxProcesses: 16))
    var unisolated: Sandbox {
        var sandbox = quick
        sandbox.isolateNetwork = false
        return sandbox
    }
    static var privateFilesystem: Bool { SandboxNamespace.probed?.privateFilesystem == true }

    /// A world-writable Unix socket in the host's /tmp, a file beside it, and the host's
    /// processes: none of them is visible from the sandbox; all of them without it.
    @Test(.enabled(if: privateFilesystem, "needs a mount namespace (root or user namespaces)"))
    func hostTmpSocketsAndProcessesAreHidden() throws {
        let folder = "/tmp/assay-hostile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        chmod(folder, 0o777)
        let socketPath = folder + "/s.sock", marker = folder + "/secret.txt"
        let listener = try UnixListener(path: socketPath)
        defer { listener.close() }
        try "host secret".write(toFile: marker, atomically: false, encoding: .utf8)
        chmod(marker, 0o644)
        let program = """
            import os, socket
            try:
                s = socket.socket(socket.AF_UNIX); s.connect("\(socketPath)"); print("socket: connected")
            except OSError as e:
                print("socket: blocked")
            print("file:", os.path.exists("\(marker)"))
            print("processes:", len([p for p in os.listdir("/proc") if p.isdigit()]))
            """
        let inside = quick.run(program: program)
        #expect(inside.outcome == .passed && inside.filesystemIsolated, "\(inside.stderr)")
        #expect(inside.stdout.contains("socket: blocked") && inside.stdout.contains("file: False"), "\(inside.stdout)")
        let processes = Int(inside.stdout.split(separator: "\n").last?.split(separator: " ").last ?? "") ?? 99
        #expect(processes <= 3, "the sandbox saw \(processes) processes: the host's /proc")
        let outside = unisolated.run(program: program)
        #expect(outside.stdout.contains("socket: connected") && outside.stdout.contains("file: True"), "\(outside.stdout)\(outside.stderr)")
        #expect((Int(outside.stdout.split(separator: "\n").last?.split(separator: " ").last ?? "") ?? 0) > 3)
    }

    /// A folder the program cannot list, a link to `target`, then 3,000 nested folders.
    static func deepTree(linkingTo target: String) -> String {
        """
        import os
        os.makedirs("locked/inner"); open("locked/inner/f", "w").write("x"); os.chmod("locked/inner", 0); os.chmod("locked", 0o500)
        os.symlink("\(target)", "link")
        for i in range(3000):
            os.mkdir("d"); os.chdir("d")
        open("bottom.txt", "w").write("deep")
        print("built")
        """
    }

    /// 3,000 nested folders, a folder without permissions and a symbolic link: the throwaway
    /// folder is gone afterwards, the link's target is untouched, and nothing was reported.
    @Test(arguments: [true, false])
    func deepTreesAreCleanedUp(isolated: Bool) throws {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("assay-target-\(UUID().uuidString)").path
        try "keep me".write(toFile: target, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: target) }
        let result = (isolated ? quick : unisolated).run(program: Self.deepTree(linkingTo: target))
        #expect(result.outcome == .passed && result.stdout == "built\n", "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: result.workDirectory))
        #expect(result.cleanupError == nil)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me")
    }

    /// The remover on its own: deeper than PATH_MAX, folders without permissions, a link to a
    /// file that must survive; and a missing path is not an error.
    @Test func treeRemoverHandlesWhatFileManagerCannot() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("assay-tree-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        let outside = root + "-target.txt"
        try "keep me".write(toFile: outside, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        var fd = open(root, O_RDONLY | O_DIRECTORY)
        for _ in 0..<3000 {
            #expect(mkdirat(fd, "dd", 0o755) == 0)
            let next = openat(fd, "dd", O_RDONLY | O_DIRECTORY)
            close(fd)
            fd = next
        }
        #expect(symlinkat(outside, fd, "link") == 0)
        #expect(mkdirat(fd, "closed", 0) == 0)
        close(fd)
        #expect(throws: Never.self) { try TreeRemover.remove(root) }
        #expect(!FileManager.default.fileExists(atPath: root))
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == "keep me")
        #expect(throws: Never.self) { try TreeRemover.remove(root) }
    }

    /// What cannot be removed (here a file made immutable with chattr) is reported with the
    /// file's name, and everything else is removed; then the remover finishes the job.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chattr") && geteuid() == 0, "needs chattr and root"))
    func whatCannotBeRemovedIsReported() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("assay-stuck-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/a/b", withIntermediateDirectories: true)
        try "x".write(toFile: root + "/a/b/stuck", atomically: false, encoding: .utf8)
        try "y".write(toFile: root + "/a/free", atomically: false, encoding: .utf8)
        func chattr(_ flag: String) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
            process.arguments = [flag, root + "/a/b/stuck"]
            try process.run()
            process.waitUntilExit()
        }
        try chattr("+i")
        defer { try? chattr("-i"); try? FileManager.default.removeItem(atPath: root) }
        #expect(throws: TreeRemover.Failure.self) { try TreeRemover.remove(root) }
        do { try TreeRemover.remove(root) } catch { #expect(error.description.contains("stuck: Operation not permitted"), "\(error)") }
        #expect(!FileManager.default.fileExists(atPath: root + "/a/free") && FileManager.default.fileExists(atPath: root + "/a/b/stuck"))
        try chattr("-i")
        #expect(throws: Never.self) { try TreeRemover.remove(root) }
        #expect(!FileManager.default.fileExists(atPath: root))
    }

    /// A completion that exits with status 0 before the tests run is not a pass; the same
    /// program that lets the checks run is.
    @Test(arguments: ["    import os; os._exit(0)\n", "    import sys; sys.exit(0)\n"])
    func exitingBeforeTheChecksFails(completion: String) throws {
        let item = try BenchmarkReader.readAll(FormatTestSupport.sample("humaneval/HumanEval.jsonl"))[0]
        let runner = HumanEvalRunner(sandbox: quick)
        let early = try runner.run(item, completion: completion)
        #expect(early.exitStatus == 0 && early.outcome == .failed)
        #expect(early.stderr.contains("before its checks finished"))
        let honest = try runner.run(item, completion: try #require(item.solution))
        #expect(honest.outcome == .passed && !honest.stdout.contains(HumanEvalRunner.completionMarker))
    }

    /// 200 MB of output is drained and capped, and the completion marker after it still counts.
    @Test func floodsOfOutputAreCappedAndTheMarkerStillSeen() {
        let result = quick.run(program: "import sys\nfor _ in range(200):\n    sys.stdout.write('x' * (1 << 20))\nprint('\\ndone')\n",
                               completionMarker: "done")
        #expect(result.outcome == .passed && result.outputTruncated, "\(result.stderr)")
        #expect(result.stdout.utf8.count == quick.limits.outputBytes)
    }

    /// A daemon (double fork, new session) dies with the run; a write to the real home folder
    /// fails when the program runs as a user of its own.
    @Test func daemonsDieAndTheRealHomeIsNotWritable() throws {
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let planted = home + "/assay-sandbox-was-here-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: planted) }
        let program = """
            import os, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(60)
                os._exit(0)
            try:
                open("\(planted)", "w").write("x"); print("home: written")
            except OSError:
                print("home: refused")
            """
        let result = quick.run(program: program)
        #expect(result.outcome == .passed, "\(result.stderr)")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(sandboxSurvivors(of: result.workDirectory).isEmpty, "a daemon outlived the run")
        if result.privilegesDropped {
            #expect(result.stdout.contains("home: refused") && !FileManager.default.fileExists(atPath: planted))
        }
    }
}

/// A Unix stream socket listening at a path, open to everyone (mode 0777).
struct UnixListener {
    let fd: Int32
    struct Failure: Error {}

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure() }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw Failure() }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in bytes.enumerated() { raw[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 }
        }
        guard bound, listen(fd, 4) == 0 else { throw Failure() }
        chmod(path, 0o777)
    }

    func close() { _ = Glibc.close(fd) }
}
