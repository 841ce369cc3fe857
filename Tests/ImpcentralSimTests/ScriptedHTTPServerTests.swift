import AsyncHTTPClient
import Foundation
import ImptTestHTTPServer
import Synchronization
import Testing

/// The test server itself: what the webhook and end-to-end tests rely on.
@Suite("Scripted HTTP server")
struct ScriptedHTTPServerTests {
    /// How many handlers have come back from `holdOpen()`.
    final class Returns: Sendable {
        let count = Atomic<Int>(0)
    }

    /// Waits (polling) until `condition` holds, for at most `seconds`.
    static func eventually(_ seconds: Double = 10, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    @Test("holdOpen() lasts until the client goes or the server stops")
    func holdOpenEnds() async throws {
        let returns = Returns()
        let server = try ScriptedHTTPServer { _, connection in
            guard connection.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nopen") else { return }
            connection.holdOpen()
            returns.count.add(1, ordering: .relaxed)
        }
        defer { server.stop() }

        // The client reads what came, waits for more and then goes: the handler returns.
        let opened = Returns()
        let failure = Mutex<String?>(nil)
        let first = Task {
            do {
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: server.url), timeout: .seconds(60))
                // The bytes may come in more than one part: read until the whole word is there.
                var received = ""
                for try await part in response.body {
                    received += String(decoding: part.readableBytesView, as: UTF8.self)
                    if received == "open" { opened.count.add(1, ordering: .relaxed) }
                }
            } catch {
                if !Task.isCancelled { failure.withLock { $0 = "\(error)" } }
            }
        }
        #expect(await Self.eventually(30) { opened.count.load(ordering: .relaxed) == 1 }, "\(failure.withLock { $0 } ?? "")")
        // Real time is what is tested: that nothing happens while the client stays (an absence
        // has no event to wait for).
        try await Task.sleep(for: .milliseconds(200))
        #expect(returns.count.load(ordering: .relaxed) == 0, "held while the client stays")
        first.cancel()
        #expect(await Self.eventually { returns.count.load(ordering: .relaxed) == 1 })

        // The client stays but the server stops: the handler returns and the client sees the end.
        let second = try await HTTPClient.shared.execute(HTTPClientRequest(url: server.url), timeout: .seconds(10))
        let reading = Task { () -> Int in
            var bytes = 0
            do {
                for try await part in second.body { bytes += part.readableBytes }
            } catch {}
            return bytes
        }
        // As above: the handler must still be holding while the client reads.
        try await Task.sleep(for: .milliseconds(200))
        #expect(returns.count.load(ordering: .relaxed) == 1)
        server.stop()
        #expect(await Self.eventually { returns.count.load(ordering: .relaxed) == 2 })
        #expect(await reading.value == 4)
        #expect(server.requests.count == 2)
    }

    @Test("A fixed answer, requests as received and case-insensitive header names")
    func fixedAnswer() async throws {
        let server = try ScriptedHTTPServer(status: 202)
        defer { server.stop() }
        var request = HTTPClientRequest(url: server.url + "?x=1")
        request.method = .POST
        request.headers.add(name: "X-Electricimp-Event", value: "deployment")
        request.body = .bytes(Array("payload".utf8))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        #expect(response.status.code == 202)
        let body = try await response.body.collect(upTo: 1024)
        #expect(String(decoding: body.readableBytesView, as: UTF8.self) == "ok")
        let received = try #require(server.requests.first)
        #expect(received.method == "POST" && received.path == "/hook?x=1" && received.body == "payload")
        #expect(received.header("x-electricimp-event") == "deployment")
        #expect(received.header("X-ELECTRICIMP-EVENT") == "deployment")
        #expect(received.headers["x-electricimp-event"] == "deployment")
    }
}
