import Foundation
import ImptTestHTTPServer
import Testing

/// impt against an impCentral that misbehaves: every response, page and wait is bounded, and
/// each limit can be changed through its environment variable (Docs/UserGuide.md, "Limits").
@Suite(.ownThreads) struct NetworkLimitTests {
    static let productPage = #"{"data":[{"type":"product","id":"%@","attributes":{"name":"%@","description":""}}],"links":{"next":"/v5/products?page[number]=%d"}}"#

    /// A sandbox logged in (by its auth file) to the hostile server.
    func sandbox(for server: ScriptedHTTPServer) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.writeAuthFile(endpoint: server.endpoint)
        return sandbox
    }

    /// Answers 200 with a body that never ends (stops when impt hangs up, or after 200 MB).
    static let endlessBody: ScriptedHTTPServer.Handler = { _, connection in
        guard connection.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"data\":[") else { return }
        let chunk = Array(String(repeating: #"{"type":"product","id":"x"},"#, count: 2048).utf8)
        var sent = 0
        while sent < 200_000_000, connection.send(chunk) { sent += chunk.count }
    }

    @Test func endlessBodiesAreCutAtTheResponseLimit() throws {
        let server = try ScriptedHTTPServer(Self.endlessBody)
        let sandbox = try sandbox(for: server)
        let limited = try sandbox.impt(["product", "list"], environment: ["IMPT_MAX_RESPONSE_BYTES": "1000000"])
        #expect(limited.stdout == """
            Error: impCentral's response was not accepted: it is larger than 1000000 bytes (IMPT_MAX_RESPONSE_BYTES).
            IMPT COMMAND FAILS

            """)
        #expect(limited.status == 1)
        let byDefault = try sandbox.impt("product", "list")
        #expect(byDefault.stdout == """
            Error: impCentral's response was not accepted: it is larger than 67108864 bytes (IMPT_MAX_RESPONSE_BYTES).
            IMPT COMMAND FAILS

            """)
    }

    @Test func announcedOversizedBodiesAreRefusedUnread() throws {
        let server = try ScriptedHTTPServer { _, connection in
            connection.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000000000\r\nConnection: close\r\n\r\n{")
        }
        let run = try sandbox(for: server).impt(["product", "list"], environment: ["IMPT_MAX_RESPONSE_BYTES": "1000"])
        #expect(run.stdout == """
            Error: impCentral's response was not accepted: it is larger than 1000 bytes (IMPT_MAX_RESPONSE_BYTES).
            IMPT COMMAND FAILS

            """)
    }

    @Test func endlessHeadersAreCut() throws {
        let server = try ScriptedHTTPServer { _, connection in
            guard connection.send("HTTP/1.1 200 OK\r\n") else { return }
            let line = Array("X-Filler: \(String(repeating: "a", count: 1000))\r\n".utf8)
            for _ in 0..<200_000 where !connection.send(line) { return }
        }
        let run = try sandbox(for: server).impt("product", "list")
        #expect(run.stdout == """
            Error: impCentral's response was not accepted: its headers are larger than 262144 bytes.
            IMPT COMMAND FAILS

            """, "\(run)")
    }

    @Test func aCommandStopsAtItsNetworkDeadline() throws {
        // One byte every 200 ms: each read succeeds, so only an overall deadline ends it. Real time
        // is what is tested: the deadline is impt's own wall-clock bound.
        let server = try ScriptedHTTPServer { _, connection in
            guard connection.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n") else { return }
            for _ in 0..<300 {
                Thread.sleep(forTimeInterval: 0.2)
                guard connection.send(" ") else { return }
            }
        }
        let run = try sandbox(for: server).impt(["product", "list"], environment: ["IMPT_NETWORK_DEADLINE": "1"])
        #expect(run.stdout == """
            Error: impCentral requests of this command took more than 1 s in all (IMPT_NETWORK_DEADLINE).
            IMPT COMMAND FAILS

            """)
    }

    @Test func aRepeatedPageEndsTheListing() throws {
        let server = try ScriptedHTTPServer { _, connection in
            connection.reply(200, String(format: NetworkLimitTests.productPage, "same", "Same", 2))
        }
        let run = try sandbox(for: server).impt("product", "list")
        #expect(run.stdout == """
            Error: Listing /products stopped: impCentral announced more pages, but page 2 brought no new resources.
            IMPT COMMAND FAILS

            """)
        #expect(server.requests.count == 2)
    }

    @Test func endlessPagesStopAtThePageLimit() throws {
        let server = try ScriptedHTTPServer { request, connection in
            let page = Int(request.path.components(separatedBy: "page%5Bnumber%5D=").last?.prefix { $0.isNumber } ?? "") ?? 0
            connection.reply(200, String(format: NetworkLimitTests.productPage, "p\(page)", "P\(page)", page + 1))
        }
        let run = try sandbox(for: server).impt(["product", "list"], environment: ["IMPT_MAX_PAGES": "5"])
        #expect(run.stdout == "Error: Listing /products stopped after 5 pages (IMPT_MAX_PAGES).\nIMPT COMMAND FAILS\n")
        #expect(server.requests.map(\.path) == (1...5).map { "/v5/products?page%5Bnumber%5D=\($0)&page%5Bsize%5D=100" })
    }

    @Test func badLimitValuesAreConfigurationErrors() throws {
        let server = try ScriptedHTTPServer { _, connection in connection.reply(200, #"{"data":[]}"#) }
        let run = try sandbox(for: server).impt(["product", "list"], environment: ["IMPT_MAX_PAGES": "many"])
        #expect(run.stdout == """
            Error: IMPT_MAX_PAGES must be a whole number of at least 1 and at most ten digits, not "many".
            IMPT COMMAND FAILS

            """)
        #expect(server.requests.isEmpty)
    }

    static let tooManyRequests = #"{"errors":[{"status":"429","title":"Too Many Requests","detail":"Slow down."}]}"#

    @Test func anEndlessRateLimitWaitFailsAtOnce() throws {
        let server = try ScriptedHTTPServer { _, connection in
            connection.reply(429, NetworkLimitTests.tooManyRequests, headers: ["X-RateLimit-Reset: 999999999"])
        }
        let run = try sandbox(for: server).impt("product", "list")
        #expect(run.stdout == """
            Error: impCentral's rate limit asks for another wait of 999999999 s, which would exceed the 300 s a command may wait for rate limits in all (IMPT_MAX_RATE_LIMIT_WAIT).
            IMPT COMMAND FAILS

            """)
        #expect(server.requests.count == 1)
    }

    @Test func rateLimitWaitsAddUpToTheirLimitAndAreAnnouncedAtATerminal() throws {
        let server = try ScriptedHTTPServer { _, connection in
            connection.reply(429, NetworkLimitTests.tooManyRequests, headers: ["X-RateLimit-Reset: 1"])
        }
        let sandbox = try sandbox(for: server)
        let terminal = try Terminal(
            Build.impt, ["product", "list"], environment: sandbox.environment.merging(["IMPT_MAX_RATE_LIMIT_WAIT": "2"]) { $1 },
            directory: sandbox.work)
        let transcript = terminal.readToExit().replacingOccurrences(of: "\r\n", with: "\n")
        let notice = "impt: impCentral's rate limit is reached; waiting 1 s before sending more requests.\n"
        #expect(transcript.components(separatedBy: notice).count == 3, "two waits announced: \(transcript.debugDescription)")
        #expect(transcript.hasSuffix("""
            Error: impCentral's rate limit asks for another wait of 1 s, which would exceed the 2 s a command may wait for rate limits in all (IMPT_MAX_RATE_LIMIT_WAIT).
            IMPT COMMAND FAILS

            """), "\(transcript.debugDescription)")
        #expect(server.requests.count == 3)
    }
}
