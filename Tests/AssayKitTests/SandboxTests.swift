import Foundation
import Testing
@testable import AssayKit
import AssayTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The sandbox on real child processes. Serialized: the fork bomb must not share the machine
/// with the other runs of this suite.
@Suite(.serialized) struct SandboxTests {
    // A wall limit far above what the programs need: a busy CI machine must not turn a pass into
    // a timeout. The tests that expect a timeout set a short limit of their own.
    let quick = Sandbox(limits: SandboxLimits(wallSeconds: 60, cpuSeconds: 10, memoryBytes: 256 << 20, maxProcesses: 16))

    func humanEval() throws -> [BenchmarkItem] {
        try BenchmarkReader.readAll(FormatTestSupport.sample("humaneval/HumanEval.jsonl"))
    }

    @Test func canonicalSolutionsPass() throws {
        let runner = HumanEvalRunner(sandbox: quick)
        for item in try humanEval() {
            let result = try runner.run(item, completion: try #require(item.solution))
            #expect(result.outcome == .passed, "\(item.id): \(result.stderr)")
        }
    }

    @Test func wrongCompletionFails() throws {
        let item = try humanEval()[0]
        let result = try HumanEvalRunner(sandbox: quick).run(item, completion: "    return a - b\n")
        #expect(result.outcome == .failed)
        #expect(result.stderr.contains("AssertionError"))
        let counts = try HumanEvalRunner(sandbox: quick).countPassing(item, completions: ["    return a - b\n", "    return b + a\n"])
        #expect(counts == (2, 1))
    }

    @Test func throwawayFolderIsCwdAndHome() throws {
        let result = quick.run(program: "import os\nprint(os.getcwd())\nprint(os.environ['HOME'])\nopen('f.txt', 'w').write('x')\n")
        #expect(result.outcome == .passed)
        // With a mount namespace the folder is the private /tmp; without, the throwaway folder.
        let home = result.filesystemIsolated ? "/tmp" : result.workDirectory
        #expect(result.stdout == "\(home)\n\(home)\n")
        #expect(result.filesystemIsolated == (SandboxNamespace.probed?.privateFilesystem == true))
        #expect(result.workDirectory.contains("assay-sandbox-"))
        #expect(!FileManager.default.fileExists(atPath: result.workDirectory))
    }

    @Test func outputIsCapped() {
        var sandbox = quick
        sandbox.limits.outputBytes = 1000
        let result = sandbox.run(program: "import sys\nsys.stdout.write('x' * 200000)\n")
        #expect(result.outcome == .passed)
        #expect(result.stdout.utf8.count == 1000)
        #expect(result.outputTruncated)
    }

    @Test func infiniteLoopIsKilledAtTheTimeout() {
        var sandbox = quick
        sandbox.limits.wallSeconds = 1.5
        let result = sandbox.run(program: "while True:\n    pass\n")
        #expect(result.outcome == .timeout)
        #expect(result.seconds < 1.5 + 3)
    }

    @Test func forkBombIsBoundedAndCleanedUp() {
        let program = """
        import os, time
        while True:
            try:
                os.fork()
            except OSError:
                print("fork blocked", flush=True)
                time.sleep(30)
        """
        var sandbox = quick
        sandbox.limits.wallSeconds = 3
        let result = sandbox.run(program: program)
        #expect(result.outcome == .timeout)
        #expect(result.seconds < sandbox.limits.wallSeconds + 3)
        if result.privilegesDropped {
            #expect(result.stdout.contains("fork blocked"), "the process limit never stopped a fork")
        }
        #expect(sandboxSurvivors(of: result.workDirectory).isEmpty)
        #expect(quick.run(program: "print('alive')").stdout == "alive\n")
    }

    @Test func memoryHogHitsTheLimit() {
        let result = quick.run(program: "block = bytearray(2 * 1024 ** 3)\nprint(len(block))\n")
        #expect(result.outcome == .memory)
        #expect(result.stdout.isEmpty)
    }

    @Test func networkIsBlockedWhereIsolationIsClaimed() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let program = """
        import socket, sys
        try:
            socket.create_connection(("127.0.0.1", \(listener.port)), timeout=2).close()
            print("connected")
        except OSError as error:
            print("blocked:", error)
            sys.exit(3)
        """
        let isolated = quick.run(program: program)
        #expect(isolated.networkIsolated == (SandboxNamespace.probed != nil))
        if isolated.networkIsolated {
            #expect(isolated.outcome == .failed)
            #expect(isolated.stdout.hasPrefix("blocked"))
        }
        // The control: without isolation the same program reaches the listener.
        var open = quick
        open.isolateNetwork = false
        let reached = open.run(program: program)
        #expect(!reached.networkIsolated)
        #expect(reached.outcome == .passed, "\(reached.stdout)")
    }
}

/// A TCP socket listening on 127.0.0.1 at a free port (connections complete in the backlog).
struct LoopbackListener {
    let fd: Int32
    let port: UInt16

    struct Failure: Error {}

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure() }
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw Failure() }
        port = UInt16(bigEndian: address.sin_port)
    }

    func close() { _ = Glibc.close(fd) }
}
