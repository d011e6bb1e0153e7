// swift-tools-version: 6.0
import Foundation
import PackageDescription

// The AssayData target sits at the package root to take Templates/ and Corpora/ as resources;
// everything else there is excluded from it, listed when the manifest is read so that output
// folders made in the checkout (out/, eval-out/...) are not taken for unhandled resources.
let root = Context.packageDirectory
let entries = { (folder: String) in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") } }
let notData = entries(root).filter { !["Sources", "Templates", "Corpora"].contains($0) }
    + entries(root + "/Sources").filter { $0 != "AssayData" }.map { "Sources/" + $0 }

// No package dependencies: only the toolchain's modules and system C libraries
// (llama.cpp, installed by scripts/setup; zlib and zstd for compressed corpora), found through
// pkg-config.
let package = Package(
    name: "Assay",
    // Built and tested on Linux (the sandbox, the thread governor and the load figures read
    // /proc). macOS 15 is the least the Synchronization module (Mutex, Atomic) needs there.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AssayKit", targets: ["AssayKit"]),
        .library(name: "AssayCLI", targets: ["AssayCLI"]),
        .executable(name: "assay", targets: ["assay"]),
    ],
    targets: [
        .systemLibrary(
            name: "CLlama",
            pkgConfig: "llama",
            providers: [.apt(["libllama-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        // The data Assay ships with, Templates/ and Corpora/ at the top of the package, as
        // resources: the target sits at the root and takes only its one source folder.
        .target(
            name: "AssayData",
            path: ".",
            exclude: notData.sorted(),
            sources: ["Sources/AssayData"],
            resources: [.copy("Templates"), .copy("Corpora")]
        ),
        .target(
            name: "AssayKit",
            dependencies: ["CLlama", "CZlib", "CZstd", "AssayData"]
        ),
        // The command line: option declarations, the parser, `--help` and the command pages, and
        // the options shared by several commands. Logic stays in AssayKit.
        .target(
            name: "AssayCLI",
            dependencies: ["AssayKit"]
        ),
        .executableTarget(
            name: "assay",
            dependencies: ["AssayKit", "AssayCLI"]
        ),
        // Test support: a configurable fake model, the real llama-server started on 127.0.0.1,
        // and a scripted HTTP server for fault cases.
        .target(
            name: "AssayTestSupport",
            dependencies: ["AssayKit", "CZstd"],
            path: "Tests/AssayTestSupport"
        ),
        .testTarget(
            name: "AssayKitTests",
            dependencies: ["AssayKit", "AssayCLI", "AssayTestSupport"]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["AssayKit", "AssayCLI", "AssayData", "AssayTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
