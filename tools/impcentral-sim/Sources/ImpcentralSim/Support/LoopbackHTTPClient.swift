#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// A small blocking HTTP/1.1 client over POSIX sockets, restricted to loopback addresses.
///
/// The simulator uses it to deliver webhooks (it must never reach beyond this machine), and the
/// tests use it to talk to the simulator. Each request opens one connection (`Connection: close`).
public enum LoopbackHTTPClient {
    public struct Response: Sendable {
        public var status: Int
        /// Header names lower-cased, in received order.
        public var headers: [(String, String)]
        public var body: [UInt8]

        public func header(_ name: String) -> String? {
            let lower = name.lowercased()
            return headers.first(where: { $0.0 == lower })?.1
        }

        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public struct ClientError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Parts of an `http://host:port/path` URL.
    public struct Target: Sendable {
        public var host: String
        public var port: Int
        public var pathAndQuery: String
    }

    /// Parses an http URL whose host is a loopback address; explains any refusal.
    public static func loopbackTarget(_ url: String) -> Result<Target, ClientError> {
        let lower = url.lowercased()
        if lower.hasPrefix("https://") {
            return .failure(ClientError(message: "https delivery is not supported by the simulator"))
        }
        guard lower.hasPrefix("http://") else {
            return .failure(ClientError(message: "unsupported URL scheme"))
        }
        let rest = url.dropFirst(7)
        let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = String(rest[..<slash])
        var path = String(rest[slash...])
        if path.isEmpty { path = "/" } else if path.hasPrefix("?") { path = "/" + path }
        if let at = authority.lastIndex(of: "@") { authority = String(authority[authority.index(after: at)...]) }
        var host = authority
        var port = 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                return .failure(ClientError(message: "malformed host"))
            }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else {
                    return .failure(ClientError(message: "malformed port"))
                }
                port = p
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let p = Int(authority[authority.index(after: colon)...]), (1...65535).contains(p) else {
                return .failure(ClientError(message: "malformed port"))
            }
            port = p
        }
        let lowerHost = host.lowercased()
        let loopback: String
        if lowerHost == "localhost" {
            loopback = "127.0.0.1"
        } else if lowerHost == "::1" {
            loopback = "::1"
        } else if isLoopbackIPv4(lowerHost) {
            loopback = lowerHost
        } else {
            return .failure(ClientError(message: "refused: \(host) is not a loopback address"))
        }
        return .success(Target(host: loopback, port: port, pathAndQuery: path))
    }

    static func isLoopbackIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in Int(part).map { (0...255).contains($0) } ?? false }
    }

    /// Sends one request and waits for the whole response (blocking; call off the event loops).
    public static func send(
        host: String, port: Int, method: String, path: String, headers: [(String, String)] = [],
        body: [UInt8] = [], timeout: Double = 5
    ) throws(ClientError) -> Response {
        let connection = try Connection(host: host, port: port, timeout: timeout)
        defer { connection.close() }
        try connection.writeRequest(method: method, path: path, host: host, port: port, headers: headers, body: body)
        return try connection.readResponse(method: method)
    }

    /// Async wrapper of `send` that runs the blocking exchange on a thread of its own.
    public static func request(
        host: String, port: Int, method: String, path: String, headers: [(String, String)] = [],
        body: [UInt8] = [], timeout: Double = 5
    ) async throws -> Response {
        try await runOnOwnThread {
            try send(host: host, port: port, method: method, path: path, headers: headers, body: body, timeout: timeout)
        }
    }

    /// Runs blocking work on a new thread. Neither the cooperative pool nor the small Dispatch
    /// pool (which also serves GRDB's queues) may be tied up by socket waits.
    public static func runOnOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let thread = Thread {
                do {
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.stackSize = 256 * 1024
            thread.start()
        }
    }

    /// One TCP connection with blocking reads and writes bounded by a timeout.
    public final class Connection: @unchecked Sendable {
        private var fd: Int32
        private var buffer: [UInt8] = []

        public init(host: String, port: Int, timeout: Double) throws(ClientError) {
            let isV6 = host.contains(":")
            fd = socket(isV6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw ClientError(message: "socket() failed") }
            var seconds = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
            var noDelay: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
            let result: Int32
            if isV6 {
                var address = sockaddr_in6()
                address.sin6_family = sa_family_t(AF_INET6)
                address.sin6_port = in_port_t(UInt16(port).bigEndian)
                inet_pton(AF_INET6, host, &address.sin6_addr)
                result = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                    }
                }
            } else {
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(port).bigEndian)
                guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
                    Glibc.close(fd)
                    throw ClientError(message: "invalid address \(host)")
                }
                result = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
            if result != 0 {
                let reason = String(cString: strerror(errno))
                Glibc.close(fd)
                fd = -1
                throw ClientError(message: "connect to \(host):\(port) failed: \(reason)")
            }
        }

        deinit { close() }

        /// Shuts the socket down (unblocking a reader on another thread) without releasing it.
        public func shutdownSocket() {
            if fd >= 0 { shutdown(fd, Int32(SHUT_RDWR)) }
        }

        public func close() {
            if fd >= 0 {
                Glibc.close(fd)
                fd = -1
            }
        }

        public func writeAll(_ bytes: [UInt8]) throws(ClientError) {
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { raw in
                    Glibc.send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
                }
                if written <= 0 {
                    throw ClientError(message: "write failed: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }

        public func writeRequest(
            method: String, path: String, host: String, port: Int, headers: [(String, String)], body: [UInt8]
        ) throws(ClientError) {
            var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host.contains(":") ? "[\(host)]" : host):\(port)\r\n"
            var hasLength = false
            for (name, value) in headers {
                head += "\(name): \(value)\r\n"
                if name.lowercased() == "content-length" { hasLength = true }
            }
            if !hasLength && (!body.isEmpty || method == "POST" || method == "PUT" || method == "PATCH") {
                head += "Content-Length: \(body.count)\r\n"
            }
            head += "Connection: close\r\n\r\n"
            try writeAll(Array(head.utf8) + body)
        }

        /// Reads more bytes into the buffer; false at end of stream.
        private func fill() throws(ClientError) -> Bool {
            var chunk = [UInt8](repeating: 0, count: 16_384)
            let count = chunk.withUnsafeMutableBytes { raw in recv(fd, raw.baseAddress, raw.count, 0) }
            if count < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK { throw ClientError(message: "timed out") }
                throw ClientError(message: "read failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { return false }
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }

        /// Reads one CRLF-terminated line (without the CRLF); nil at end of stream.
        public func readLine() throws(ClientError) -> String? {
            while true {
                if let index = buffer.firstIndex(of: 0x0A) {
                    var line = Array(buffer[0..<index])
                    buffer.removeFirst(index + 1)
                    if line.last == 0x0D { line.removeLast() }
                    return String(decoding: line, as: UTF8.self)
                }
                if try !fill() {
                    if buffer.isEmpty { return nil }
                    let line = String(decoding: buffer, as: UTF8.self)
                    buffer.removeAll()
                    return line
                }
            }
        }

        private func readExactly(_ count: Int) throws(ClientError) -> [UInt8] {
            while buffer.count < count {
                if try !fill() { throw ClientError(message: "connection closed early") }
            }
            let bytes = Array(buffer[0..<count])
            buffer.removeFirst(count)
            return bytes
        }

        /// Reads the status line and headers.
        public func readHead() throws(ClientError) -> (Int, [(String, String)]) {
            guard let statusLine = try readLine() else { throw ClientError(message: "no response") }
            let parts = statusLine.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
                throw ClientError(message: "malformed status line '\(statusLine)'")
            }
            var headers: [(String, String)] = []
            while let line = try readLine(), !line.isEmpty {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].lowercased()
                let value = line[line.index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" })
                headers.append((name, String(value)))
            }
            return (status, headers)
        }

        /// Reads the next chunk of a chunked body; nil after the last chunk.
        public func readChunk() throws(ClientError) -> [UInt8]? {
            guard let sizeLine = try readLine() else { throw ClientError(message: "connection closed in body") }
            let sizeText = sizeLine.split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingSpaces, radix: 16) else {
                throw ClientError(message: "malformed chunk size '\(sizeLine)'")
            }
            if size == 0 {
                while let line = try readLine(), !line.isEmpty {}
                return nil
            }
            let data = try readExactly(size)
            _ = try readLine()
            return data
        }

        public func readResponse(method: String) throws(ClientError) -> Response {
            let (status, headers) = try readHead()
            func header(_ name: String) -> String? { headers.first(where: { $0.0 == name })?.1 }
            var body: [UInt8] = []
            if method == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status) {
                return Response(status: status, headers: headers, body: [])
            }
            if header("transfer-encoding")?.lowercased().contains("chunked") == true {
                while let chunk = try readChunk() { body.append(contentsOf: chunk) }
            } else if let lengthText = header("content-length"), let length = Int(lengthText) {
                body = try readExactly(length)
            } else {
                while try fill() {}
                body = buffer
                buffer.removeAll()
            }
            return Response(status: status, headers: headers, body: body)
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
