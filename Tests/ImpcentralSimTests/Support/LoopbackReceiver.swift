import Foundation
import Glibc
import Synchronization

/// A tiny HTTP server on 127.0.0.1 that records the requests it receives (webhook target).
final class LoopbackReceiver: @unchecked Sendable {
    struct BindError: Error {}

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
        guard bound == 0, listen(fd, 16) == 0 else { throw BindError() }
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
