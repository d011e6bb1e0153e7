import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the load client sends its requests: a resolved `http://` address and the request
/// head that goes before every body.
public struct LoadTarget: Sendable {
    /// The URL the requests go to.
    public let url: URL
    /// The resolved socket address (the first one `getaddrinfo` gives).
    let address: [UInt8]
    let family: Int32
    /// The request head up to (not including) `Content-Length`.
    let headPrefix: [UInt8]

    /// Resolves `url` (plain `http://` only: the load client speaks HTTP/1.1 over TCP itself,
    /// so that its own overhead stays small and measurable).
    public init(url: URL, apiKey: String?, stream: Bool, extraHeaders: [String: String] = [:]) throws(PerfError) {
        guard url.scheme?.lowercased() == "http" else {
            throw .unsupportedURL(url.absoluteString, reason: "assay perf speaks plain http:// (for an https endpoint, run it through a local TLS-terminating proxy)")
        }
        guard let host = url.host, !host.isEmpty else { throw .unsupportedURL(url.absoluteString, reason: "the URL has no host") }
        let port = url.port ?? 80
        self.url = url
        (address, family) = try Self.resolve(host: host, port: port, url: url)
        var path = url.path.isEmpty ? "/" : url.path
        if let query = url.query { path += "?" + query }
        let hostHeader = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var head = "POST \(path) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: assay-perf/\(AssayVersion.current)\r\n"
        head += "Content-Type: application/json\r\nAccept: \(stream ? "text/event-stream" : "application/json")\r\n"
        if let apiKey, !apiKey.isEmpty { head += "Authorization: Bearer \(apiKey)\r\n" }
        for (name, value) in extraHeaders.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        headPrefix = Array(head.utf8)
    }

    /// The full request bytes for a JSON body.
    func request(body: [UInt8]) -> [UInt8] {
        var bytes = headPrefix
        bytes.append(contentsOf: "Content-Length: \(body.count)\r\n\r\n".utf8)
        bytes.append(contentsOf: body)
        return bytes
    }

    private static func resolve(host: String, port: Int, url: URL) throws(PerfError) -> ([UInt8], Int32) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, String(port), &hints, &list)
        guard code == 0, let first = list else {
            throw .unsupportedURL(url.absoluteString, reason: "cannot resolve \(host): \(String(cString: gai_strerror(code)))")
        }
        defer { freeaddrinfo(list) }
        let raw = UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen))
        return (Array(raw), first.pointee.ai_family)
    }
}
