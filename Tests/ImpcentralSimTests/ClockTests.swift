import Foundation
import Testing
@testable import ImpcentralSim

/// Simulated time and events: tests freeze and advance the simulator's clock, and wait for what
/// happened instead of sleeping.
@Suite("Simulated time and events")
struct ClockTests {
    @Test("A frozen clock holds a restarting device until time is advanced; then it boots")
    func deviceBootFollowsTheClock() async throws {
        try await TestSim.with(configure: { $0.logPeriod = 60 }) { sim in
            let token = try await sim.login()
            // Frozen first: the boot that the assignment starts must not happen either (it would,
            // 30 ms after the assignment, if the clock were frozen only after the answer arrived).
            sim.server.clock.freeze()
            _ = try await LogTests.prepare(sim, token, devices: ["00000000000000a1"])
            let next = sim.server.events.nextSequence
            #expect(try await sim.request("POST", "/devices/00000000000000a1/restart", token: token).status == 204)
            // The boot takes 30 ms of simulated time, so it cannot have happened yet.
            sim.server.clock.advance(milliseconds: 29)
            #expect(try await sim.get("/devices/00000000000000a1/logs", token: token).data.count == 0)
            sim.server.clock.advance(milliseconds: 1)
            let booted = await sim.server.events.first(after: next, timeoutMilliseconds: 10_000) {
                $0.kind == .deviceBooted && $0.subject == "00000000000000a1"
            }
            #expect(booted != nil)
            #expect(try await sim.get("/devices/00000000000000a1/logs", token: token).data.count == 3)
            // The first periodic lines come after the first tick (2 s after a boot), not before.
            let tick = sim.server.events.nextSequence
            sim.server.clock.advance(milliseconds: 2_000)
            let written = await sim.server.events.first(after: tick, timeoutMilliseconds: 10_000) {
                $0.kind == .logsWritten && $0.subject == "00000000000000a1"
            }
            #expect((written?.count ?? 0) > 0, "one line per server.log literal of the deployment")
        }
    }

    @Test("Log timestamps and creation times are simulated time")
    func timestampsFollowTheClock() async throws {
        try await TestSim.with { sim in
            sim.server.clock.freeze()
            let day: Int64 = 86_400_000
            let before = sim.server.clock.now()
            sim.server.clock.advance(milliseconds: day)
            #expect(sim.server.clock.now() == before + day)
            // (A token issued before the jump would have expired.)
            let token = try await sim.login()
            let product = try await sim.request(
                "POST", "/products", token: token, json: #"{"data":{"type":"product","attributes":{"name":"Tomorrow"}}}"#)
            let created = product.data["attributes"]?["created_at"]?.stringValue ?? ""
            #expect(created == Timestamps.iso(before + day), "\(created)")
            let injected = try await sim.request("POST", "/_sim/devices/00000000000000a1/logs", json: #"{"entries":[{"msg":"x"}]}"#)
            #expect(injected.status == 200 || injected.status == 201 || injected.status == 204)
            let logs = try await sim.get("/devices/00000000000000a1/logs", token: token)
            #expect(logs.data.arrayValue?.first?["ts"]?.stringValue == Timestamps.iso(before + day))
        }
    }

    @Test("The admin endpoints freeze, advance and resume the clock and wait for events")
    func adminEndpoints() async throws {
        try await TestSim.with { sim in
            let frozen = try await sim.request("POST", "/_sim/clock", json: #"{"freeze":true,"advance_ms":5000}"#)
            #expect(frozen.status == 200)
            #expect(frozen.json["frozen"]?.boolValue == true)
            let now = frozen.json["now"]?.intValue ?? 0
            let state = try await sim.request("GET", "/_sim/clock")
            #expect(state.json["now"]?.intValue == now, "a frozen clock stands still")
            let resumed = try await sim.request("POST", "/_sim/clock", json: #"{"resume":true}"#)
            #expect(resumed.json["frozen"]?.boolValue == false)
            #expect((resumed.json["now"]?.intValue ?? 0) >= now)
            let bad = try await sim.request("POST", "/_sim/clock", json: #"{"advance_ms":-1}"#)
            #expect(bad.status == 400)

            let none = try await sim.request("GET", "/_sim/events?kind=device_booted&subject=nobody&timeout_ms=0")
            #expect(none.status == 404)
            #expect(try await sim.request("GET", "/_sim/events?kind=party").status == 400)
            let next = state.json["next_event"]?.intValue ?? 0
            _ = try await sim.request("POST", "/_sim/devices/00000000000000a2/logs", json: #"{"entries":[{"msg":"a"},{"msg":"b"}]}"#)
            let written = try await sim.request("GET", "/_sim/events?kind=logs_written&subject=00000000000000a2&after=\(next)")
            #expect(written.status == 200)
            #expect(written.json["count"]?.intValue == 2 && written.json["subject"]?.stringValue == "00000000000000a2")
        }
    }

    @Test("Waiting for an event that already happened returns it at once; later ones are waited for")
    func eventsAreKeptForLateWaiters() async throws {
        let events = SimEvents()
        events.post(.webhookDelivered, subject: "w1", status: 200)
        let early = await events.first(timeoutMilliseconds: 0) { $0.subject == "w1" }
        #expect(early?.status == 200 && early?.sequence == 1)
        async let late = events.first(after: 2, timeoutMilliseconds: 10_000) { $0.kind == .deviceBooted }
        events.post(.deviceBooted, subject: "d1")
        #expect(await late?.subject == "d1")
        #expect(await events.first(after: 3, timeoutMilliseconds: 0) { _ in true } == nil)
    }
}
