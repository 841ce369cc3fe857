import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A small HTTP/1.1 server on 127.0.0.1 whose answers a test scripts.
///
/// It plays the other side of a test: an impCentral that misbehaves (endless bodies and pages,
/// rate-limit storms, slow or silent answers) or a webhook target that records what it is sent.
/// Each connection carries one request and is served on a thread of its own: the request is read
/// whole (up to its `Content-Length`), recorded in `requests`, and handed to the handler, which
/// writes the answer by hand through the `Connection`. The connection is closed when the handler
/// returns. The server runs until `stop()`.
///
/// ```swift
/// let server = try ScriptedHTTPServer { request, connection in
///     connection.reply(200, #"{"data":[]}"#)
/// }
/// defer { server.stop() }
/// ```
public final class ScriptedHTTPServer: Sendable {
    /// One request as received.
    public struct Request: Sendable {
        /// The method, e.g. `POST`.
        public var method: String
        /// The request target as sent: path and query, e.g. `/hook?form=1`.
        public var path: String
        /// The header fields, by lower-cased name (a repeated field keeps its last value).
        public var headers: [String: String]
        /// The body, decoded as UTF-8.
        public var body: String

        /// Creates a request (the server makes them; tests may too, to compare).
        public init(method: String, path: String, headers: [String: String], body: String) {
            self.method = method
            self.path = path
            self.headers = headers
            self.body = body
        }

        /// The value of the header field `name`, whatever the case of either name.
        public func header(_ name: String) -> String? {
            headers[name.lowercased()]
        }
    }

    /// The server's side of one connection, for writing the answer.
    public struct Connection: Sendable {
        let fd: Int32

        /// Writes bytes as they are; false once the client has gone away.
        @discardableResult
        public func send(_ bytes: [UInt8]) -> Bool {
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes {
                    Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }

        /// Writes text as UTF-8; false once the client has gone away.
        @discardableResult
        public func send(_ text: String) -> Bool { send(Array(text.utf8)) }

        /// Writes a complete answer: `status`, `body` with its length, `Connection: close` and any
        /// further header lines (`"Name: value"`).
        public func reply(_ status: Int, _ body: String, contentType: String = "application/json", headers: [String] = []) {
            let head = [
                "HTTP/1.1 \(status) Answer", "Content-Type: \(contentType)", "Content-Length: \(body.utf8.count)",
                "Connection: close",
            ] + headers
            send(head.joined(separator: "\r\n") + "\r\n\r\n" + body)
        }

        /// Waits until the client closes the connection or the server is stopped, discarding
        /// anything more the client sends: for a handler that keeps a stream open without
        /// writing, for as long as the client wants it.
        public func holdOpen() {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            var scratch = [UInt8](repeating: 0, count: 4096)
            while true {
                let ready = poll(&descriptor, 1, -1)
                if ready < 0 {
                    if errno == EINTR { continue }
                    return
                }
                if descriptor.revents & Int16(POLLERR | POLLNVAL) != 0 { return }
                // Readable (or hung up): more bytes, or the end of the stream.
                let count = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if count == 0 { return }
                if count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { return }
            }
        }
    }

    /// Answers one request by writing to its connection (on the connection's own thread).
    public typealias Handler = @Sendable (Request, Connection) -> Void

    /// Why the server could not start.
    public struct StartError: Error, CustomStringConvertible {
        /// What failed.
        public let description: String
    }

    /// The listening socket, open connections and whether the server is stopped, kept together
    /// so that `stop()` sees every connection that is being served.
    private struct State {
        var stopped = false
        var connections: Set<Int32> = []
    }

    private let listener: Int32
    /// The port the server listens on (chosen by the system).
    public let port: Int
    private let handler: Handler
    private let log = Mutex<[Request]>([])
    private let state = Mutex(State())
    /// Set when replies wait for `releaseReplies()`.
    private let gate: ReplyGate?

    /// Starts a server on a free port of 127.0.0.1 whose requests `handler` answers. With
    /// `holdingReplies`, each request is recorded but the handler is only called once
    /// `releaseReplies()` has been (a target that is slow to answer).
    public init(holdingReplies: Bool = false, _ handler: @escaping Handler) throws {
        self.handler = handler
        gate = holdingReplies ? ReplyGate() : nil
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartError(description: "scripted HTTP server: socket() failed") }
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw StartError(description: "scripted HTTP server: bind failed")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: actual.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    /// Starts a webhook target that answers every request with `status` and the body `ok`; with
    /// `holdingReplies`, the answers wait for `releaseReplies()`.
    public convenience init(status: Int = 200, holdingReplies: Bool = false) throws {
        try self.init(holdingReplies: holdingReplies) { _, connection in
            connection.reply(status, "ok", contentType: "text/plain")
        }
    }

    /// The endpoint to log in to: `http://127.0.0.1:<port>/v5`.
    public var endpoint: String { "http://127.0.0.1:\(port)/v5" }

    /// A webhook URL on this server: `http://127.0.0.1:<port>/hook`.
    public var url: String { "http://127.0.0.1:\(port)/hook" }

    /// Every request received so far, in the order they were read.
    public var requests: [Request] { log.withLock { $0 } }

    /// Lets held replies go out, now and from then on.
    public func releaseReplies() {
        gate?.open()
    }

    /// Stops accepting connections, releases held replies and ends every `holdOpen()`. Handlers
    /// still writing see their client gone. Calling it again does nothing.
    public func stop() {
        let wasStopped = state.withLock { state -> Bool in
            defer { state.stopped = true }
            guard !state.stopped else { return true }
            // Wakes the accept loop (which closes the listener) and every connection's waits;
            // each connection's thread closes its own socket.
            shutdown(listener, Int32(SHUT_RDWR))
            for fd in state.connections { shutdown(fd, Int32(SHUT_RDWR)) }
            return false
        }
        if !wasStopped { releaseReplies() }
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            let admitted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.connections.insert(client)
                return true
            }
            guard admitted else {
                close(client)
                return
            }
            Thread { [self] in serve(client) }.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer {
            // Forgotten before it is closed, so that `stop()` never touches a reused number.
            state.withLock { _ = $0.connections.remove(fd) }
            close(fd)
        }
        guard let request = Self.readRequest(fd) else { return }
        log.withLock { $0.append(request) }
        gate?.wait()
        handler(request, Connection(fd: fd))
    }

    /// Reads one request: its head and as much body as `Content-Length` says (10 s at most).
    private static func readRequest(_ fd: Int32) -> Request? {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var head: (end: Int, length: Int)?
        while head == nil || data.count < head!.end + 4 + head!.length {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return nil }
            data.append(contentsOf: chunk[0..<count])
            if head == nil, let end = headerEnd(data) {
                let text = String(decoding: data[0..<end], as: UTF8.self).lowercased()
                let length = text.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                head = (end, length)
            }
        }
        guard let head else { return nil }
        let lines = String(decoding: data[0..<head.end], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines.first?.split(separator: " ").map(String.init) ?? []
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let bodyStart = head.end + 4
        return Request(
            method: requestLine.first ?? "", path: requestLine.count > 1 ? requestLine[1] : "", headers: headers,
            body: String(decoding: data[bodyStart..<(bodyStart + head.length)], as: UTF8.self))
    }

    /// The offset of the blank line (CR LF CR LF) that ends a request's head, if it has arrived.
    private static func headerEnd(_ data: [UInt8]) -> Int? {
        guard data.count >= 4 else { return nil }
        for i in 0...(data.count - 4) where data[i] == 13 && data[i + 1] == 10 && data[i + 2] == 13 && data[i + 3] == 10 {
            return i
        }
        return nil
    }
}

/// A gate that is closed until opened once, then stays open.
private final class ReplyGate: Sendable {
    private let opened = Mutex(false)
    private let signal = DispatchSemaphore(value: 0)

    func open() {
        let first = opened.withLock { opened -> Bool in
            defer { opened = true }
            return !opened
        }
        if first { signal.signal() }
    }

    /// Waits until the gate is open.
    func wait() {
        if opened.withLock({ $0 }) { return }
        signal.wait()
        signal.signal()  // lets the next waiter through as well
    }
}
