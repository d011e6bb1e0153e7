import AssayKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real `llama-server` (built by `scripts/setup --server` from the pinned llama.cpp source)
/// started by a test on 127.0.0.1 on a free port, and stopped by `stop()` or when released,
/// on every path. Its log goes to a temporary file, shown in the error when it fails to start.
public final class LlamaServerProcess: @unchecked Sendable {
    public let port: Int
    /// `http://127.0.0.1:PORT/v1`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }
    public let logPath: String
    private let process: Process
    private let lock = NSLock()

    /// Where the server binary is: `ASSAY_LLAMA_SERVER`, else where `scripts/setup` builds it.
    public static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["ASSAY_LLAMA_SERVER"], !path.isEmpty { return path }
        return FileManager.default.homeDirectoryForCurrentUser.path + "/.cache/assay/llama-0.3.36/build/bin/llama-server"
    }

    /// Starts the server with `slots` parallel slots sharing `context` tokens and waits until it
    /// answers `/health`. One decoding thread by default: the tests run beside other decoding
    /// work, where llama.cpp's threads would wait for each other at every operation (a 2-thread
    /// server generated 0.3 tokens/s on a busy machine); `OMP_WAIT_POLICY=passive` keeps any
    /// extra threads from spinning.
    /// `extra` arguments go last (e.g. `--no-jinja`).
    public static func start(model: String, slots: Int = 4, context: Int = 8192, threads: Int = 1,
                             extra: [String] = []) async throws -> LlamaServerProcess {
        let binary = binaryPath
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ServerError.missingBinary(binary)
        }
        var lastError: Error?
        for _ in 0..<3 {  // a free port can be taken between the probe and the bind: try again
            let port = try freePort()
            let server = try LlamaServerProcess(binary: binary, port: port, arguments: [
                "-m", model, "--host", "127.0.0.1", "--port", String(port), "-np", String(slots), "-c", String(context),
                "-t", String(threads), "--metrics", "--no-webui",
            ] + extra)
            do {
                try await server.waitUntilHealthy(seconds: 60)
                return server
            } catch {
                server.stop()
                lastError = error
            }
        }
        throw lastError!
    }

    private init(binary: String, port: Int, arguments: [String]) throws {
        self.port = port
        logPath = FileManager.default.temporaryDirectory.appendingPathComponent("llama-server-\(port)-\(UUID().uuidString).log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_WAIT_POLICY"] = "passive"
        process.environment = environment
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit { stop() }

    /// True while the server process runs.
    public var isRunning: Bool { process.isRunning }

    /// SIGTERM, then SIGKILL after two seconds; waits for the process to end and removes its
    /// log. Idempotent.
    public func stop() {
        lock.lock()
        defer {
            try? FileManager.default.removeItem(atPath: logPath)
            lock.unlock()
        }
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Kills the server at once (SIGKILL), as a crash would.
    public func kill9() {
        lock.lock()
        defer { lock.unlock() }
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Polls `/health` until it answers 200 (it answers 503 while the model loads), off the
    /// cooperative pool (see `offPool`).
    func waitUntilHealthy(seconds: Double) async throws {
        let healthy = try await offPool { [self] in
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline, process.isRunning {
                if Self.healthStatus(port: port) == 200 { return true }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return false
        }
        guard !healthy else { return }
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        throw ServerError.notHealthy(port: port, log: String(log.suffix(2000)))
    }

    /// The HTTP status of `GET /health` on 127.0.0.1:`port` (blocking, 2 s timeouts), nil when
    /// nothing answers.
    static func healthStatus(port: Int) -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { return nil }
        let request = Array("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { return nil }
        var buffer = [UInt8](repeating: 0, count: 64)
        let received = recv(fd, &buffer, buffer.count, 0)
        guard received >= 12 else { return nil }
        // "HTTP/1.1 200 OK": the status is the second word.
        let words = String(decoding: buffer[0..<received], as: UTF8.self).split(separator: " ")
        return words.count > 1 ? Int(words[1]) : nil
    }

    /// A port no one listens on now: bind port 0 on 127.0.0.1 and read what the kernel chose.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.noPort }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw ServerError.noPort }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    public enum ServerError: Error, CustomStringConvertible {
        case missingBinary(String)
        case notHealthy(port: Int, log: String)
        case noPort

        public var description: String {
            switch self {
            case .missingBinary(let path): return "\(path): no llama-server; run scripts/setup --server (make test does)"
            case .notHealthy(let port, let log): return "llama-server on port \(port) did not become healthy; its log ends:\n\(log)"
            case .noPort: return "could not find a free port on 127.0.0.1"
            }
        }
    }
}
