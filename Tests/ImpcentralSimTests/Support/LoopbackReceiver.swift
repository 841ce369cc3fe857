import Foundation
import Glibc
import Synchronization
@testable import ImpcentralSim

/// A tiny HTTP server on 127.0.0.1 that records the requests it receives (webhook target).
final class LoopbackReceiver: @unchecked Sendable {
    struct Received: Sendable {
        var method: String
        var path: String
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? {
            headers.first(where: { $0.0 == name.lowercased() })?.1
        }
    }

    private let listener: Int32
    let port: Int
    private let received = Mutex<[Received]>([])
    private let responseStatus: Int
    private let stopped = Atomic<Bool>(false)
    /// When set, each reply waits until `releaseReplies()` (a target that is slow to answer).
    private let held: DispatchSemaphore?

    init(status: Int = 200, holdReplies: Bool = false) throws {
        responseStatus = status
        held = holdReplies ? DispatchSemaphore(value: 0) : nil
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
        guard bound == 0, listen(fd, 16) == 0 else { throw LoopbackHTTPClient.ClientError(message: "bind failed") }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: actual.sin_port))
        let loopThread = Thread { [weak self] in self?.acceptLoop() }
        loopThread.start()
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }

    var requests: [Received] { received.withLock { $0 } }

    private func acceptLoop() {
        while !stopped.load(ordering: .acquiring) {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            handle(client)
        }
    }

    private func handle(_ fd: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            data.append(contentsOf: chunk[0..<n])
            if headerEnd == nil, let range = findHeaderEnd(data) {
                headerEnd = range
                let head = String(decoding: data[0..<range], as: UTF8.self)
                for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                    contentLength = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let headerEnd, data.count >= headerEnd + 4 + contentLength { break }
        }
        if let headerEnd {
            let head = String(decoding: data[0..<headerEnd], as: UTF8.self)
            let lines = head.split(separator: "\r\n").map(String.init)
            let requestLine = lines.first?.split(separator: " ") ?? []
            var headers: [(String, String)] = []
            for line in lines.dropFirst() {
                if let colon = line.firstIndex(of: ":") {
                    headers.append((
                        line[..<colon].lowercased(),
                        line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
                }
            }
            let bodyStart = headerEnd + 4
            let body = String(decoding: data[bodyStart..<min(data.count, bodyStart + contentLength)], as: UTF8.self)
            received.withLock {
                $0.append(Received(
                    method: requestLine.count > 0 ? String(requestLine[0]) : "",
                    path: requestLine.count > 1 ? String(requestLine[1]) : "", headers: headers, body: body))
            }
        }
        if let held {
            held.wait()
            held.signal()  // once released, every later reply goes out at once
        }
        let reply = "HTTP/1.1 \(responseStatus) OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
        _ = Array(reply.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        close(fd)
    }

    private func findHeaderEnd(_ data: [UInt8]) -> Int? {
        guard data.count >= 4 else { return nil }
        for i in 0...(data.count - 4)
        where data[i] == 13 && data[i + 1] == 10 && data[i + 2] == 13 && data[i + 3] == 10 {
            return i
        }
        return nil
    }

    /// Lets held replies go out.
    func releaseReplies() {
        held?.signal()
    }

    func stop() {
        releaseReplies()
        stopped.store(true, ordering: .releasing)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}

/// Reads a Server-Sent Events response on a background thread and collects its events.
final class SSEReader: @unchecked Sendable {
    struct Event: Sendable, Equatable {
        var name: String
        var data: String
    }

    let status: Int
    let contentType: String?
    private let connection: LoopbackHTTPClient.Connection
    private let events = Mutex<[Event]>([])
    private let ended = Atomic<Bool>(false)

    /// Connects off the cooperative pool.
    static func open(port: Int, path: String) async throws -> SSEReader {
        try await offPool { try SSEReader(port: port, path: path) }
    }

    private init(port: Int, path: String) throws {
        connection = try LoopbackHTTPClient.Connection(host: "127.0.0.1", port: port, timeout: 30)
        try connection.writeRequest(
            method: "GET", path: path, host: "127.0.0.1", port: port, headers: [("Accept", "text/event-stream")], body: [])
        let (status, headers) = try connection.readHead()
        self.status = status
        contentType = headers.first(where: { $0.0 == "content-type" })?.1
        if status == 200 {
            let thread = Thread { [self] in self.readLoop() }
            thread.start()
        } else {
            ended.store(true, ordering: .releasing)
        }
    }

    private func readLoop() {
        var pending = ""
        while true {
            guard let chunk = try? connection.readChunk() else { break }
            pending += String(decoding: chunk, as: UTF8.self)
            while let range = pending.range(of: "\n\n") {
                let block = String(pending[..<range.lowerBound])
                pending = String(pending[range.upperBound...])
                var name = "message"
                var dataLines: [String] = []
                var isComment = true
                for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                    if line.hasPrefix(":") { continue }
                    isComment = false
                    if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { dataLines.append(String(line.dropFirst(6))) }
                }
                if isComment { continue }
                events.withLock { $0.append(Event(name: name, data: dataLines.joined(separator: "\n"))) }
            }
        }
        ended.store(true, ordering: .releasing)
        connection.close()
    }

    var all: [Event] { events.withLock { $0 } }
    var isEnded: Bool { ended.load(ordering: .acquiring) }

    /// Waits until `condition` holds for the events received so far.
    func wait(timeout: Double = 10, until condition: ([Event]) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(all) { return true }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return condition(all)
    }

    /// Ends the connection; the reader thread sees end of stream and closes the socket.
    func close() {
        connection.shutdownSocket()
    }
}
