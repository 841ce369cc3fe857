import Foundation
import Synchronization
import Testing

/// A number shared with a thread.
private final class Counter: Sendable {
    let value = Atomic<Int>(0)
}

/// Streams that drop: impt reconnects and shows every entry once, in order, marks a gap only when
/// the history cannot fill it, and fails clearly when asked not to reconnect or when impCentral
/// misbehaves.
@Suite struct LogReconnectTests {
    static let lost = "The log stream is lost. Trying to reconnect..."

    @Test func twentyDropsLoseAndRepeatNothing() throws {
        let world = try LogWorld()
        let device = try world.group("G", devices: 1).devices[0]
        let stream = try world.start(["log", "stream", "--device", device])
        #expect(stream.wait(for: "Press <Ctrl-C> to exit."))
        let count = 600
        let drops = 20
        // Numbered lines are logged one by one while the stream is dropped every few lines.
        let logged = Counter()
        let logger = Thread {
            for number in 1...count {
                _ = try? world.log(device, ["n \(number)"])
                logged.value.store(number, ordering: .relaxed)
            }
        }
        logger.start()
        for drop in 1...drops {
            while logged.value.load(ordering: .relaxed) < drop * count / (drops + 1) { Thread.sleep(forTimeInterval: 0.005) }
            try world.dropStreams()
            #expect(stream.wait { $0.filter { $0 == "Press <Ctrl-C> to exit." }.count == drop + 1 })
        }
        #expect(stream.wait(timeout: 60) { $0.entries.last?.message == "n \(count)" })
        Thread.sleep(forTimeInterval: 0.3)
        let run = stream.interrupt()
        #expect(run.status == 0)
        let numbers = run.lines.entries.filter { $0.message.hasPrefix("n ") }.map { Int($0.message.dropFirst(2)) ?? 0 }
        let exactlyOnceInOrder = numbers == Array(1...count)
        #expect(exactlyOnceInOrder, "\(numbers.count) numbers; repeated or missing: \(Set(numbers).symmetricDifference(1...count).sorted().prefix(10))")
        #expect(run.lines.filter { $0 == Self.lost }.count == drops)
        #expect(run.lines.filter { $0 == "IMPT COMMAND SUCCEEDS" }.count == drops + 2)
        #expect(!run.stdout.contains("may be missing"))
        #expect(run.lines.last == "IMPT COMMAND SUCCEEDS")
    }

    /// impt is frozen while its stream drops and the device logs more than the history keeps.
    func frozenThroughABurst(json: Bool) throws -> (run: Run, device: String, lastShown: String) {
        let world = try LogWorld()
        let device = try world.group("G", devices: 1).devices[0]
        let stream = try world.start(["log", "stream", "--device", device] + (json ? ["-z", "json"] : []))
        // Log until the stream shows an entry, then one more: the last entry shown before the gap.
        #expect(stream.wait(timeout: 30) { lines in
            let shown = lines.contains { $0.contains("ping") }
            if !shown { _ = try? world.log(device, ["ping"]) }
            return shown
        })
        let lastShown = try world.log(device, ["before"])
        #expect(stream.wait { $0.last?.contains("before") == true })
        stream.suspend()
        try world.dropStreams()
        try world.burst(device, count: 1500, prefix: "b ")
        stream.resume()
        #expect(stream.wait(timeout: 60) { $0.last?.contains("b 1500") == true })
        Thread.sleep(forTimeInterval: 0.3)
        let run = stream.interrupt()
        #expect(run.status == 0)
        return (run, device, lastShown)
    }

    @Test func aGapBeyondTheHistoryIsMarked() throws {
        let (run, device, before) = try frozenThroughABurst(json: false)
        let marker = "[\(device)] --- log entries after \(before) may be missing here: the device's log history does not reach back far enough ---"
        let markerIndex = run.lines.firstIndex(of: marker)
        try #require(markerIndex != nil)
        let beforeMarker = Array(run.lines[..<markerIndex!].suffix(5))
        #expect(beforeMarker == [Self.lost] + openedLines([device]))
        // The simulator keeps the latest 1,000 entries: 501 to 1500 are shown, once and in order.
        let numbers = run.lines.entries.filter { $0.message.hasPrefix("b ") }.map { Int($0.message.dropFirst(2)) ?? 0 }
        #expect(numbers.first == 501 && numbers.last == 1500 && numbers == Array(501...1500))
        let markers = run.lines.filter { $0.contains("may be missing") }.count
        #expect(markers == 1)
    }

    @Test func aGapIsAJSONObjectInJSONMode() throws {
        let (run, device, before) = try frozenThroughABurst(json: true)
        let objects = run.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == run.lines.count)
        let gaps = run.lines.filter { $0.contains(#""gap""#) }
        #expect(gaps == [#"{"device_id":"\#(device)","gap":true,"after":"\#(before)"}"#])
        let messages = objects.compactMap { $0["msg"] as? String }.filter { $0.hasPrefix("b ") }
        let expected = (501...1500).map { "b \($0)" }
        #expect(messages.count == expected.count && messages == expected)
    }

    @Test func noReconnectEndsWithAnError() throws {
        let world = try LogWorld()
        let device = try world.group("G", devices: 1).devices[0]
        let stream = try world.start(["log", "stream", "--device", device, "--no-reconnect"])
        #expect(stream.wait(for: "Press <Ctrl-C> to exit."))
        try world.dropStreams()
        let run = stream.finish()
        #expect(run.status == 1)
        #expect(run.lines == openedLines([device]) + [
            "Error: The log stream is lost. impCentral ended the log stream.", "IMPT COMMAND FAILS",
        ])
    }

    /// A server that answers the stream's set-up requests and then serves `events` as the stream.
    static func streamServer(_ events: @escaping @Sendable (HostileServer.Connection) -> Void) throws -> HostileServer {
        try HostileServer { request, connection in
            if request.method == "GET" && request.path.hasPrefix("/v5/devices/0000000000000001") {
                if request.path.contains("/logs") {
                    connection.reply(200, #"{"data":[],"links":{}}"#)
                } else {
                    connection.reply(200, #"{"data":{"type":"device","id":"0000000000000001","attributes":{},"relationships":{"devicegroup":{"type":"development_devicegroup","id":"g"}}}}"#)
                }
            } else if request.method == "POST" && request.path == "/v5/logstream" {
                connection.reply(200, #"{"data":{"type":"logstream","id":"s1","attributes":{}}}"#)
            } else if request.method == "PUT" {
                connection.reply(204, "")
            } else if request.method == "GET" && request.path.hasPrefix("/v5/logstream/s1") {
                guard connection.send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n") else { return }
                events(connection)
            } else {
                connection.reply(404, #"{"errors":[{"title":"Not Found","detail":"no","status":"404"}]}"#)
            }
        }
    }

    func sandbox(for server: HostileServer) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.writeAuthFile(endpoint: server.endpoint)
        return sandbox
    }

    @Test func aMalformedMessageFailsWithTheOriginalsError() throws {
        let server = try Self.streamServer { connection in
            connection.send("event: state_change\ndata: {\"state\":\"opened\"}\n\nevent: message\ndata: not json\n\n")
            Thread.sleep(forTimeInterval: 5)
        }
        let run = try sandbox(for: server).impt("log", "stream", "-d", "0000000000000001")
        #expect(run.status == 1)
        #expect(run.lines == openedLines(["0000000000000001"]) + [
            "Error: Internal error: Unexpected format of log stream message: not json.", "IMPT COMMAND FAILS",
        ])
    }

    @Test func aSilentServerIsBoundedByTheIdleTimeout() throws {
        let server = try Self.streamServer { _ in Thread.sleep(forTimeInterval: 10) }
        let sandbox = try sandbox(for: server)
        let run = try sandbox.impt(
            ["log", "stream", "-d", "0000000000000001", "--no-reconnect"], environment: ["IMPT_STREAM_IDLE_TIMEOUT": "1"])
        #expect(run.status == 1)
        #expect(run.lines == openedLines(["0000000000000001"]) + [
            "Error: The log stream is lost. impCentral sent nothing on the event stream for 1 s.", "IMPT COMMAND FAILS",
        ])
        let wrong = try sandbox.impt(["log", "stream", "-d", "x"], environment: ["IMPT_STREAM_IDLE_TIMEOUT": "0"])
        #expect(wrong.lines == [
            "Error: IMPT_STREAM_IDLE_TIMEOUT must be a whole number from 1 to 3600, not \"0\".", "IMPT COMMAND FAILS",
        ])
    }

    @Test func aStreamThatCannotOpenFailsAtOnce() throws {
        let server = try HostileServer { request, connection in
            if request.method == "GET" && request.path.hasPrefix("/v5/devices/0000000000000001") && !request.path.contains("/logs") {
                connection.reply(200, #"{"data":{"type":"device","id":"0000000000000001","attributes":{},"relationships":{}}}"#)
            } else if request.method == "POST" && request.path == "/v5/logstream" {
                connection.reply(200, #"{"data":{"type":"logstream","id":"s1","attributes":{}}}"#)
            } else {
                connection.reply(503, #"{"errors":[{"title":"Unavailable","detail":"Try later.","status":"503"}]}"#)
            }
        }
        let run = try sandbox(for: server).impt("log", "stream", "-d", "0000000000000001")
        #expect(run.status == 1)
        #expect(run.lines.suffix(2) == ["Error: Unavailable: Try later.", "IMPT COMMAND FAILS"])
    }
}
