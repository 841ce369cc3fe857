import AsyncHTTPClient
import Foundation
import Synchronization

/// Reads a Server-Sent Events response in the background and collects its events.
final class SSEReader: Sendable {
    struct Event: Sendable, Equatable {
        var name: String
        var data: String
    }

    let status: Int
    let contentType: String?
    private let events = Mutex<[Event]>([])
    private let ended = Atomic<Bool>(false)
    private let reading = Mutex<Task<Void, Never>?>(nil)

    /// Opens the stream at `path` and starts collecting its events (when the answer is 200).
    static func open(port: Int, path: String) async throws -> SSEReader {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.headers.add(name: "Accept", value: "text/event-stream")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return SSEReader(response)
    }

    private init(_ response: HTTPClientResponse) {
        status = Int(response.status.code)
        contentType = response.headers.first(name: "content-type")
        guard status == 200 else {
            ended.store(true, ordering: .releasing)
            return
        }
        let body = response.body
        let task = Task { [self] in await self.collect(body) }
        reading.withLock { $0 = task }
    }

    /// Splits the body into events (blocks ending in a blank line) until it ends or is closed.
    private func collect(_ body: HTTPClientResponse.Body) async {
        var pending: [UInt8] = []
        do {
            for try await part in body {
                pending.append(contentsOf: part.readableBytesView)
                while let end = Self.blockEnd(pending) {
                    let block = String(decoding: pending[..<end], as: UTF8.self)
                    pending.removeFirst(end + 2)
                    if let event = Self.event(block) {
                        events.withLock { $0.append(event) }
                    }
                }
            }
        } catch {}
        ended.store(true, ordering: .releasing)
    }

    /// The offset of the first blank line ("\n\n") in `bytes`, if any.
    private static func blockEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        return (0..<(bytes.count - 1)).first { bytes[$0] == 0x0A && bytes[$0 + 1] == 0x0A }
    }

    /// The event of one block; nil for a block of comments (keep-alives).
    private static func event(_ block: String) -> Event? {
        var name = "message"
        var dataLines: [String] = []
        var isComment = true
        for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(":") { continue }
            isComment = false
            if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
            if line.hasPrefix("data: ") { dataLines.append(String(line.dropFirst(6))) }
        }
        return isComment ? nil : Event(name: name, data: dataLines.joined(separator: "\n"))
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

    /// Ends the connection: collecting stops and the server sees the client go.
    func close() {
        reading.withLock { $0 }?.cancel()
    }
}
