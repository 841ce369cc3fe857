import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 whose answers a test scripts, to play an impCentral that
/// misbehaves (endless bodies and pages, rate-limit storms, slow answers). One request per
/// connection; each connection is served on its own thread.
final class HostileServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
    }

    /// The client side of one connection, for writing the answer.
    struct Connection {
        let fd: Int32

        /// Writes bytes; false once the client has gone away.
        @discardableResult
        func send(_ bytes: [UInt8]) -> Bool {
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }

        @discardableResult
        func send(_ text: String) -> Bool { send(Array(text.utf8)) }

        /// A complete answer with a JSON (or other) body.
        func reply(_ status: Int, _ body: String, headers: [String] = []) {
            let head = (["HTTP/1.1 \(status) Answer", "Content-Type: application/json", "Content-Length: \(body.utf8.count)",
                         "Connection: close"] + headers).joined(separator: "\r\n")
            send(head + "\r\n\r\n" + body)
        }
    }

    typealias Handler = @Sendable (Request, Connection) -> Void

    private let listener: Int32
    let port: Int
    private let handler: Handler
    private let log = Mutex<[Request]>([])
    private let stopped = Atomic<Bool>(false)

    init(_ handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { throw ProcessError(description: "hostile server: bind failed") }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: actual.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    deinit { stop() }

    /// The endpoint to log in to (`http://127.0.0.1:<port>/v5`).
    var endpoint: String { "http://127.0.0.1:\(port)/v5" }

    /// Every request received so far.
    var requests: [Request] { log.withLock { $0 } }

    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .acquiring) {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            Thread { [self] in serve(client) }.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var head: (end: Int, length: Int)?
        while head == nil || data.count < head!.end + 4 + head!.length {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return }
            data.append(contentsOf: chunk[0..<count])
            if head == nil, let end = Self.headerEnd(data) {
                let text = String(decoding: data[0..<end], as: UTF8.self).lowercased()
                let length = text.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                head = (end, length)
            }
        }
        guard let head else { return }
        let lines = String(decoding: data[0..<head.end], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines.first?.split(separator: " ").map(String.init) ?? []
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let request = Request(
            method: requestLine.first ?? "", path: requestLine.count > 1 ? requestLine[1] : "", headers: headers,
            body: String(decoding: data[(head.end + 4)..<(head.end + 4 + head.length)], as: UTF8.self))
        log.withLock { $0.append(request) }
        handler(request, Connection(fd: fd))
    }

    private static func headerEnd(_ data: [UInt8]) -> Int? {
        guard data.count >= 4 else { return nil }
        for i in 0...(data.count - 4) where data[i] == 13 && data[i + 1] == 10 && data[i + 2] == 13 && data[i + 3] == 10 {
            return i
        }
        return nil
    }
}

extension Sandbox {
    /// A global auth file for `endpoint` whose token is valid for an hour (no login exchange).
    func writeAuthFile(endpoint: String, accessToken: String = "token-1", expiresIn seconds: TimeInterval = 3600,
                       refreshToken: String? = nil, in directory: URL? = nil) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var object: [String: String] = [
            "endpoint": endpoint, "accessToken": accessToken,
            "expiresAt": formatter.string(from: Date().addingTimeInterval(seconds)),
        ]
        if let refreshToken { object["refreshToken"] = refreshToken }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        try data.write(to: (directory ?? home).appendingPathComponent(".impt.auth"))
    }
}
