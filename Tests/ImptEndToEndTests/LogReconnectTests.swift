import Foundation
import ImptTestHTTPServer
import Synchronization
import Testing

/// A number shared with a thread.
private final class Counter: Sendable {
    let value = Atomic<Int>(0)
}

/// Streams that drop: impt reconnects and shows every entry once, in order, marks a gap only when
/// the history cannot fill it, and fails clearly when asked not to reconnect or when impCentral
/// misbehaves.
@Suite(.ownThreads) struct LogReconnectTests {
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
        // Logged after every number: once it is shown, no repeated number can follow.
        _ = try world.log(device, ["end"])
        #expect(stream.wait { $0.entries.last?.message == "end" })
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

    /// Streams that drop again right after each reconnection: each missed entry is still shown, in
    /// order, while the reconnections wait longer each time (at once, 0.25 s, 0.5 s, 1 s, 2 s): a
    /// stream that delivers nothing live before it drops is not counted as working, even when the
    /// history brings back what it missed.
    @Test func dropsInQuickSuccessionLoseNothingWhileBackingOff() throws {
        let world = try LogWorld()
        let device = try world.group("G", devices: 1).devices[0]
        let stream = try world.start(["log", "stream", "--device", device])
        #expect(stream.wait(for: "Press <Ctrl-C> to exit."))
        let rounds = 5
        for round in 1...rounds {
            stream.suspend()
            try world.dropStreams()
            _ = try world.log(device, ["missed \(round)"])
            stream.resume()
            let shown = stream.wait(timeout: 15) { $0.entries.contains { $0.message == "missed \(round)" } }
            #expect(shown, "round \(round)")
            if !shown { break }
        }
        let run = stream.interrupt()
        #expect(run.status == 0)
        #expect(run.lines.entries.map(\.message).filter { $0.hasPrefix("missed ") } == (1...rounds).map { "missed \($0)" })
        #expect(run.lines.filter { $0 == Self.lost }.count == rounds, "each drop of an opened stream is said")
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
        // Logged after the burst: once it is shown, no repeated entry can follow.
        _ = try world.log(device, ["after the burst"])
        #expect(stream.wait { $0.last?.contains("after the burst") == true })
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

    /// A server that answers the stream's set-up requests and then serves `events` as the stream;
    /// `history` gives the body of the device's log history (empty by default).
    static func streamServer(
        history: @escaping @Sendable () -> String = { #"{"data":[],"links":{}}"# },
        _ events: @escaping @Sendable (ScriptedHTTPServer.Connection) -> Void
    ) throws -> ScriptedHTTPServer {
        try ScriptedHTTPServer { request, connection in
            if request.method == "GET" && request.path.hasPrefix("/v5/devices/0000000000000001") {
                if request.path.contains("/logs") {
                    connection.reply(200, history())
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

    func sandbox(for server: ScriptedHTTPServer) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.writeAuthFile(endpoint: server.endpoint)
        return sandbox
    }

    /// A malformed event is reported in the original's words and skipped; the stream goes on, and
    /// the number skipped is said at the end.
    @Test func aMalformedMessageIsReportedAndSkipped() throws {
        let entry = #"{"device_id":"0000000000000001","ts":"2026-12-07T10:00:00.000Z","type":"server.log","msg":"fine"}"#
        let server = try Self.streamServer { connection in
            connection.send("event: state_change\ndata: {\"state\":\"opened\"}\n\nevent: message\ndata: not json\n\n")
            connection.send("event: state_change\ndata: [1]\n\nevent: message\ndata: \(entry)\n\n")
            // The connection stays open until impt, interrupted, closes it.
            connection.holdOpen()
        }
        defer { server.stop() }
        let sandbox = try sandbox(for: server)
        let stream = try BackgroundRun(sandbox, ["log", "stream", "-d", "0000000000000001"])
        #expect(stream.wait { $0.contains(streamed("0000000000000001", "2026-12-07T10:00:00.000Z", "fine")) })
        let run = stream.interrupt()
        #expect(run.status == 0, "\(run)")
        #expect(run.lines == openedLines(["0000000000000001"]) + [
            "Error: Unexpected format of log stream message: not json.",
            "Error: Unexpected format of log stream message: [1].",
            streamed("0000000000000001", "2026-12-07T10:00:00.000Z", "fine"),
            "2 log stream messages in an unexpected format were skipped.", "IMPT COMMAND SUCCEEDS",
        ], "\(run)")
    }

    /// A server that accepts every stream and ends it at once, while the device's history keeps
    /// growing (as for a device that logs): impt shows what the history brings but backs off (each
    /// reconnection waits longer, towards 30 s) instead of reconnecting several times a second.
    /// Real time is what is tested here: the waits between connections.
    @Test func aStreamEndedAtOnceBacksOff() throws {
        let opened = Mutex<[Date]>([])
        let server = try Self.streamServer(history: Self.growingHistory()) { _ in opened.withLock { $0.append(Date()) } }
        let sandbox = try sandbox(for: server)
        let stream = try BackgroundRun(sandbox, ["log", "stream", "-d", "0000000000000001"])
        let deadline = Date().addingTimeInterval(30)
        while opened.withLock({ $0.count }) < 6 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let run = stream.interrupt()
        let times = opened.withLock { $0 }
        try #require(times.count >= 6, "\(times.count) connections in 30 s: \(run)")
        let gaps = zip(times.dropFirst(), times).map { $0.timeIntervalSince($1) }
        // At once, then 0.25 s, 0.5 s, 1 s, 2 s (less the time a connection takes).
        for (index, least) in [0.0, 0.2, 0.45, 0.9, 1.8].enumerated() {
            #expect(gaps[index] >= least, "wait \(index + 1): \(gaps)")
        }
        #expect(run.status == 0, "\(run)")
        #expect(run.lines.entries.count >= 3, "the history's entries are shown: \(run)")
        #expect(run.lines.filter { $0 == Self.lost }.count == run.lines.filter { $0 == "Press <Ctrl-C> to exit." }.count
                || run.lines.filter { $0 == Self.lost }.count + 1 == run.lines.filter { $0 == "Press <Ctrl-C> to exit." }.count)
    }

    /// Connections that open but deliver nothing do not stop the give-up clock
    /// (`IMPT_STREAM_GIVE_UP`, five minutes by default).
    @Test func streamsThatNeverWorkAreGivenUp() throws {
        let server = try Self.streamServer(history: Self.growingHistory()) { _ in }
        let sandbox = try sandbox(for: server)
        let run = try sandbox.impt(["log", "stream", "-d", "0000000000000001"], environment: ["IMPT_STREAM_GIVE_UP": "2"])
        #expect(run.status == 1, "\(run)")
        #expect(run.lines.suffix(2) == [
            "Error: The log stream is lost and no new one worked for 2 seconds. impCentral ended the log stream.",
            "IMPT COMMAND FAILS",
        ], "\(run)")
        let wrong = try sandbox.impt(["log", "stream", "-d", "x"], environment: ["IMPT_STREAM_GIVE_UP": "0"])
        #expect(wrong.lines == ["Error: IMPT_STREAM_GIVE_UP must be a whole number from 1 to 3600, not \"0\".", "IMPT COMMAND FAILS"])
    }

    /// A device history that gains an entry each time it is read.
    static func growingHistory() -> @Sendable () -> String {
        let reads = Atomic<Int>(0)
        return {
            let count = reads.add(1, ordering: .relaxed).newValue
            let entries = (1...count).reversed().map { n in
                #"{"device_id":"0000000000000001","ts":"\#(String(format: "2026-12-07T10:00:%02d.%03dZ", n / 1000, n % 1000))","type":"server.log","msg":"h \#(n)"}"#
            }
            return #"{"data":["# + entries.joined(separator: ",") + #"],"links":{}}"#
        }
    }

    @Test func aSilentServerIsBoundedByTheIdleTimeout() throws {
        // The stream opens and then nothing comes, until impt gives up and closes it.
        let server = try Self.streamServer { connection in connection.holdOpen() }
        defer { server.stop() }
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
        let server = try ScriptedHTTPServer { request, connection in
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
