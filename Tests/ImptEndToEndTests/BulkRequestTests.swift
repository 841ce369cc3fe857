import Foundation
import ImptTestHTTPServer
import Testing

/// impt.api/2 bulk requests (and impt.api/1 request_many, which shares the pool), driven through
/// the C fixture in Tests/Fixtures/bulk_plugin.c.
@Suite(.ownThreads) struct BulkRequestTests {
    /// A sandbox with the bulk fixture, logged in to `sim`.
    func sandbox(_ sim: Simulator) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.compile(Build.fixtures.appendingPathComponent("bulk_plugin.c"), as: "libimpt-bulk.so")
        try sandbox.login(sim)
        return sandbox
    }

    static func arguments(_ requests: [String]) -> [String] {
        ["bulk", "run"] + requests.flatMap { ["--request", $0] }
    }

    /// The lines printed by the item callback, in request order (they arrive in completion order).
    static func itemLines(_ run: Run) -> [String] {
        run.lines.filter { $0.hasPrefix("item ") }.sorted { index($0) < index($1) }
    }

    static func index(_ line: String) -> Int { Int(line.dropFirst(5).prefix { $0.isNumber }) ?? -1 }

    @Test func everyItemCarriesItsRealHTTPStatus() throws {
        let sim = try Simulator()
        let sandbox = try sandbox(sim)
        let doomed = try sandbox.createProduct("Doomed")
        let requests = [
            #"POST /products {"data":{"type":"product","attributes":{"name":"Created","description":""}}}"#,
            "DELETE /products/\(doomed)",
            "GET /products/no-such-product",
            "GET /accounts/me",
        ]
        let missing = "Resource Not Found: The requested product could not be found."
        let bulk = try sandbox.impt(Self.arguments(requests) + ["--concurrency", "4"])
        #expect(Self.itemLines(bulk) == [
            "item 0: status 0 http 201", "item 1: status 0 http 204", "item 2: status 4 http 404", "item 3: status 0 http 200",
        ], "\(bulk)")
        #expect(bulk.lines.filter { !$0.hasPrefix("item ") } == [
            "0: status 0 http 201", "1: status 0 http 204", "2: status 4 http 404 \(missing)", "3: status 0 http 200",
            "bulk returned 0: 3 of 4 succeeded", "IMPT COMMAND SUCCEEDS",
        ], "\(bulk)")
        let again = try sandbox.createProduct("DoomedToo")
        let many = try sandbox.impt(Self.arguments([
            #"POST /products {"data":{"type":"product","attributes":{"name":"CreatedToo","description":""}}}"#,
            "DELETE /products/\(again)", "GET /products/no-such-product", "GET /accounts/me",
        ]) + ["--v1"])
        #expect(many.lines == [
            "0: status 0 http 201", "1: status 0 http 204", "2: status 4 http 404 \(missing)", "3: status 0 http 200",
            "request_many returned 0: 3 of 4 succeeded", "IMPT COMMAND SUCCEEDS",
        ], "\(many)")
    }

    @Test func aRateLimitStormEndsWithEveryItemDone() throws {
        let sim = try Simulator(["--demo", "--rate-limit", "10"])
        let sandbox = try sandbox(sim)
        let bulk = try sandbox.impt(Self.arguments(["GET /accounts/me"]) + ["--repeat", "40", "--concurrency", "16", "--quiet"])
        #expect(bulk.lines == ["bulk returned 0: 40 of 40 succeeded", "IMPT COMMAND SUCCEEDS"], "\(bulk)")
        let many = try sandbox.impt(Self.arguments(["GET /accounts/me"]) + ["--repeat", "30", "--v1", "--quiet"])
        #expect(many.lines == ["request_many returned 0: 30 of 30 succeeded", "IMPT COMMAND SUCCEEDS"], "\(many)")
    }

    @Test func aTransportErrorDuringARetryFailsOnlyItsItem() throws {
        let attempts = Attempts()
        let server = try ScriptedHTTPServer { request, connection in
            // Every request is rate limited once; the second try of /flaky gets no answer at all.
            guard attempts.next(request.path) > 1 else {
                connection.reply(429, #"{"errors":[{"status":"429","title":"Too Many Requests","detail":"Wait."}]}"#,
                                 headers: ["X-RateLimit-Reset: 1"])
                return
            }
            switch request.path {
            case "/v5/flaky": return
            case "/v5/created": connection.reply(201, #"{"data":{"type":"product","id":"c1"}}"#)
            default: connection.reply(200, #"{"data":{"type":"account","id":"a1"}}"#)
            }
        }
        let sandbox = try Sandbox()
        try sandbox.compile(Build.fixtures.appendingPathComponent("bulk_plugin.c"), as: "libimpt-bulk.so")
        try sandbox.writeAuthFile(endpoint: server.endpoint)
        let requests = ["GET /steady", "GET /flaky", "POST /created {}"]
        let results = [
            "0: status 0 http 200",
            "1: status 5 http 0 Access to impCentral failed or timed out. Please check your network connection.",
            "2: status 0 http 201",
        ]
        let many = try sandbox.impt(Self.arguments(requests) + ["--v1"])
        #expect(many.lines == results + ["request_many returned 0: 2 of 3 succeeded", "IMPT COMMAND SUCCEEDS"], "\(many)")
        attempts.reset()
        let bulk = try sandbox.impt(Self.arguments(requests) + ["--concurrency", "3"])
        #expect(Self.itemLines(bulk) == ["item 0: status 0 http 200", "item 1: status 5 http 0", "item 2: status 0 http 201"])
        #expect(bulk.lines.filter { !$0.hasPrefix("item ") } == results + [
            "bulk returned 0: 2 of 3 succeeded", "IMPT COMMAND SUCCEEDS",
        ], "\(bulk)")
    }

    @Test func anItemCallbackCanStopTheBatch() throws {
        let sim = try Simulator()
        let sandbox = try sandbox(sim)
        let run = try sandbox.impt(Self.arguments(["GET /accounts/me"]) + ["--repeat", "5", "--concurrency", "1", "--stop-after", "2"])
        let interrupted = "status 12 http 0 Operation is interrupted."
        #expect(run.lines == [
            "item 0: status 0 http 200", "item 1: status 0 http 200",
            "0: status 0 http 200", "1: status 0 http 200", "2: \(interrupted)", "3: \(interrupted)", "4: \(interrupted)",
            "bulk returned 3: 2 of 5 succeeded", "Stopped by the fixture.", "IMPT COMMAND FAILS",
        ], "\(run)")
    }

    @Test func ctrlCStopsNewRequestsAndReportsTheFinishedOnes() throws {
        let sim = try Simulator(["--demo", "--latency", "700"])
        let sandbox = try sandbox(sim)
        var next = try sim.nextEvent()
        let bulk = try BackgroundRun(
            sandbox, Self.arguments(["GET /accounts/me"]) + ["--repeat", "20", "--concurrency", "2"],
            environment: ["IMPT_DETAILED_EXIT_CODES": "1"])
        // Interrupted when the simulator answers the third request: the first two were answered
        // 0.7 s earlier, and more are in flight.
        for _ in 1...3 {
            let served = try #require(try sim.waitForEvent("request_served", subject: "GET /v5/accounts/me", after: next))
            next = (served["sequence"] as? Int ?? next) + 1
        }
        let run = bulk.interrupt()
        #expect(run.status == 3, "interrupted: \(run)")
        let finished = Self.itemLines(run).map { Self.index($0) }
        #expect(finished.count >= 2 && finished.count < 20, "\(run)")
        #expect(Self.itemLines(run) == finished.map { "item \($0): status 0 http 200" })
        let results = (0..<20).map { index in
            finished.contains(index) ? "\(index): status 0 http 200" : "\(index): status 12 http 0 Operation is interrupted."
        }
        #expect(run.lines.filter { !$0.hasPrefix("item ") } == results + [
            "bulk returned 12: \(finished.count) of 20 succeeded", "Operation is interrupted.", "IMPT COMMAND FAILS",
        ], "\(run)")
    }

    @Test func theProgressLineIsDrawnAtATerminalOnly() throws {
        let sim = try Simulator()
        let sandbox = try sandbox(sim)
        let arguments = Self.arguments(["GET /accounts/me"]) + ["--repeat", "3", "--label", "Fetching", "--quiet"]
        let terminal = try Terminal(Build.impt, arguments, environment: sandbox.environment, directory: sandbox.work)
        let transcript = terminal.readToExit()
        let erase = "\u{1b}[2K\u{1b}[1G"
        #expect(transcript.contains("\(erase)Fetching 0/3"), "\(transcript.debugDescription)")
        #expect(transcript.contains("\(erase)Fetching 3/3\(erase)bulk returned 0: 3 of 3 succeeded"), "\(transcript.debugDescription)")
        let piped = try sandbox.impt(arguments)
        #expect(piped.stdout == "bulk returned 0: 3 of 3 succeeded\nIMPT COMMAND SUCCEEDS\n")
    }
}

/// Counts the requests per path, across the server's threads.
private final class Attempts: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    func next(_ path: String) -> Int {
        lock.withLock {
            counts[path, default: 0] += 1
            return counts[path]!
        }
    }

    func reset() { lock.withLock { counts.removeAll() } }
}
