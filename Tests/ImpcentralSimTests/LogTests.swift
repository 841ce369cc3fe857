import Foundation
import Hummingbird
import Testing
@testable import ImpcentralSim

@Suite("Logs and log streams")
struct LogTests {
    static let deviceCode = #"server.log("device says hi"); // server.log("not me")"#
    static let agentCode = #"server.log("Data published successfully:"); server.log("{ \"data\": 1 }");"#

    /// A product, group and deployment with `deviceCode`/`agentCode`, with the given devices assigned.
    /// Creates a log stream of the account and connects to it (no Authorization header, as clients do).
    static func openStream(_ sim: TestSim, _ token: String, format: String = "json") async throws -> (id: String, reader: SSEReader) {
        let id = try await sim.request("POST", "/logstream", token: token).data["id"]?.stringValue ?? ""
        return (id, try await SSEReader.open(port: sim.port, path: "/v5/logstream/\(id)?format=\(format)"))
    }

    static func prepare(_ sim: TestSim, _ token: String, devices: [String]) async throws -> String {
        let product = try await sim.productID(token, name: "P")
        let group = try await sim.groupID(token, product: product, name: "G")
        #expect(try await sim.deploy(token, group: group, device: deviceCode, agent: agentCode).status == 201)
        #expect(try await sim.assign(token, group: group, devices: devices).status == 204)
        return group
    }

    @Test("A restarted online device logs status lines, then its server.log literals; paging newest first")
    func historicalLogs() async throws {
        try await TestSim.with(configure: { $0.logPeriod = 0.1 }) { sim in
            let token = try await sim.login()
            _ = try await Self.prepare(sim, token, devices: ["00000000000000a1"])
            #expect(try await sim.request("POST", "/devices/00000000000000a1/restart", token: token).status == 204)
            let enough = try await sim.eventually {
                try await sim.get("/devices/00000000000000a1/logs?page[size]=100", token: token).data.count >= 9
            }
            #expect(enough)
            let logs = try await sim.get("/devices/00000000000000a1/logs?page[size]=100", token: token)
            let entries = logs.data.arrayValue ?? []
            #expect(entries.first?.keys == ["ts", "type", "msg"])
            let oldestFirst = entries.reversed().map { "\($0["type"]?.stringValue ?? "") \($0["msg"]?.stringValue ?? "")" }
            #expect(Array(oldestFirst.prefix(3)) == [
                "status Agent restarted: reload.", "status Device connected", "status 0.01% program storage used",
            ])
            let firstTick = oldestFirst.firstIndex(of: "server.log device says hi") ?? 0
            #expect(Array(oldestFirst[firstTick..<min(oldestFirst.count, firstTick + 3)]) == [
                "server.log device says hi", "agent.log Data published successfully:", "agent.log { \"data\": 1 }",
            ])
            #expect(!oldestFirst.contains("server.log not me"))
            // Newest first: timestamps never increase down the list.
            let stamps = entries.compactMap { $0["ts"]?.stringValue }
            #expect(stamps == stamps.sorted(by: >))
            // Paging.
            let page1 = try await sim.get("/devices/00000000000000a1/logs?page[size]=2", token: token)
            #expect(page1.data.count == 2)
            #expect(page1.json["links"]?["next"] != nil)
            // Agent id and MAC address address the same logs.
            #expect(try await sim.get("/devices/AgentAlice01/logs", token: token).status == 200)
            #expect(try await sim.get("/devices/nope/logs", token: token).status == 404)
        }
    }

    @Test("Offline devices log nothing; going offline stops output; unassigning stops output")
    func offline() async throws {
        try await TestSim.with(configure: { $0.logPeriod = 0.05 }) { sim in
            let token = try await sim.login()
            _ = try await Self.prepare(sim, token, devices: ["00000000000000a3", "00000000000000a2"])
            // An offline device does not boot: nothing runs that could log.
            #expect(try await sim.request("POST", "/devices/00000000000000a3/restart", token: token).status == 204)
            #expect(!sim.server.env.simulator.runningDeviceIDs.contains("00000000000000a3"))
            #expect(try await sim.get("/devices/00000000000000a3/logs", token: token).data.count == 0)
            // a2 runs, then goes offline through the admin endpoint.
            #expect(try await sim.request("POST", "/devices/00000000000000a2/restart", token: token).status == 204)
            #expect(try await sim.eventually { try await sim.get("/devices/00000000000000a2/logs", token: token).data.count > 3 })
            let off = try await sim.request("PATCH", "/_sim/devices/00000000000000a2", json: #"{"online":false}"#)
            #expect(off.status == 200)
            #expect(off.data["attributes"]?["device_online"]?.boolValue == false)
            let frozen = try await sim.get("/devices/00000000000000a2/logs?page[size]=100", token: token).data.count
            // Offline: its output stopped (nothing runs for it any more).
            #expect(!sim.server.env.simulator.runningDeviceIDs.contains("00000000000000a2"))
            #expect(try await sim.get("/devices/00000000000000a2/logs?page[size]=100", token: token).data.count == frozen)
            // Back online: it boots the group's current deployment again.
            #expect(try await sim.request("PATCH", "/_sim/devices/00000000000000a2", json: #"{"online":true}"#).status == 200)
            #expect(try await sim.eventually {
                try await sim.get("/devices/00000000000000a2/logs?page[size]=100", token: token).data.count > frozen
            })
        }
    }

    @Test("SSE: open a stream, add a device, restart it and receive its log entries")
    func sseStream() async throws {
        try await TestSim.with(configure: { $0.logPeriod = 0.1 }) { sim in
            let token = try await sim.login()
            let group = try await Self.prepare(sim, token, devices: ["00000000000000a1"])
            let created = try await sim.request("POST", "/logstream", token: token)
            #expect(created.status == 200)
            let streamID = created.data["id"]?.stringValue ?? ""
            #expect(created.data["type"]?.stringValue == "logstream")
            #expect(created.data["attributes"]?["url"]?.stringValue == sim.base + "/logstream/" + streamID)
            // No Authorization header on the SSE request.
            let reader = try await SSEReader.open(port: sim.port, path: "/v5/logstream/\(streamID)?format=json")
            defer { reader.close() }
            #expect(reader.status == 200)
            #expect(reader.contentType == "text/event-stream")
            #expect(await reader.wait { $0.first == .init(name: "state_change", data: #"{"state":"opened"}"#) })
            let add = try await sim.request("PUT", "/logstream/\(streamID)/0c:2a:69:00:00:01", token: token)
            #expect(add.status == 204)
            #expect(await reader.wait { $0.contains(.init(
                name: "state_change", data: #"{"state":"subscribed","device_id":"00000000000000a1"}"#)) })
            #expect(try await sim.request("POST", "/devicegroups/\(group)/restart", token: token).status == 204)
            let gotLogs = await reader.wait { events in
                events.contains { $0.name == "message" && $0.data.contains("Data published successfully:") }
                    && events.contains { $0.name == "message" && $0.data.contains("Agent restarted") }
            }
            #expect(gotLogs)
            let message = reader.all.first { $0.name == "message" }
            let parsed = try JSONParser.parse(message?.data ?? "")
            #expect(parsed.keys == ["device_id", "ts", "type", "msg"])
            #expect(parsed["device_id"]?.stringValue == "00000000000000a1")
            // The same entries are in the history.
            let history = try await sim.get("/devices/00000000000000a1/logs?page[size]=100", token: token)
            let historyMessages = Set(history.data.arrayValue?.compactMap { $0["msg"]?.stringValue } ?? [])
            #expect(historyMessages.contains(parsed["msg"]?.stringValue ?? "?"))
            // Remove the device.
            #expect(try await sim.request("DELETE", "/logstream/\(streamID)/00000000000000a1", token: token).status == 204)
            #expect(await reader.wait { $0.contains(.init(
                name: "state_change", data: #"{"state":"unsubscribed","device_id":"00000000000000a1"}"#)) })
            // Unknown stream ids.
            let unknown = try await sim.request("GET", "/logstream/00000000-0000-0000-0000-000000000000")
            #expect(unknown.status == 404)
            #expect(unknown.errorTitle == "Resource Not Found")
            #expect(try await sim.request("PUT", "/logstream/00000000-0000-0000-0000-000000000000/00000000000000a1", token: token).status == 404)
            // Another account cannot add to this stream.
            let bob = try await sim.login("bob")
            #expect(try await sim.request("PUT", "/logstream/\(streamID)/00000000000000a1", token: bob).status == 404)
        }
    }

    @Test("Text format messages")
    func textFormat() async throws {
        try await TestSim.with(configure: { $0.logPeriod = 0.1 }) { sim in
            let token = try await sim.login()
            _ = try await Self.prepare(sim, token, devices: ["00000000000000a1"])
            let (streamID, reader) = try await Self.openStream(sim, token, format: "text")
            defer { reader.close() }
            #expect(await reader.wait { $0.first == .init(name: "state_change", data: "opened") })
            _ = try await sim.request("PUT", "/logstream/\(streamID)/00000000000000a1", token: token)
            #expect(await reader.wait { $0.contains(.init(name: "state_change", data: "00000000000000a1 subscribed")) })
            _ = try await sim.request("POST", "/devices/00000000000000a1/restart", token: token)
            #expect(await reader.wait { events in
                events.contains {
                    $0.name == "message" && $0.data.hasPrefix("00000000000000a1 ")
                        && $0.data.hasSuffix(" development server.log device says hi")
                }
            })
        }
    }

    @Test("Per-stream device limit evicts the least recently added; per-account stream limit closes the oldest")
    func limits() async throws {
        try await TestSim.with(configure: { $0.maxStreamDevices = 2; $0.maxLogStreams = 2 }) { sim in
            let token = try await sim.login()
            func newStream() async throws -> (String, SSEReader) {
                let (id, reader) = try await Self.openStream(sim, token)
                #expect(await reader.wait { $0.count >= 1 })
                return (id, reader)
            }
            let (s1, r1) = try await newStream()
            defer { r1.close() }
            for device in ["00000000000000a1", "00000000000000a2", "00000000000000a3"] {
                #expect(try await sim.request("PUT", "/logstream/\(s1)/\(device)", token: token).status == 204)
            }
            #expect(await r1.wait { $0.contains(.init(
                name: "state_change", data: #"{"state":"unsubscribed","device_id":"00000000000000a1"}"#)) })
            let (_, r2) = try await newStream()
            defer { r2.close() }
            #expect(!r1.isEnded)
            let (_, r3) = try await newStream()
            defer { r3.close() }
            // The third stream closes the first.
            #expect(await r1.wait { $0.last == .init(name: "state_change", data: #"{"state":"closed"}"#) })
            #expect(await r1.wait { _ in r1.isEnded })
            #expect(!r2.isEnded)
            #expect(try await sim.request("GET", "/logstream/\(s1)").status == 404)
        }
    }

    @Test("Injected entries reach history and streams; device history endpoint")
    func injectedEntries() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let (streamID, reader) = try await Self.openStream(sim, token)
            defer { reader.close() }
            _ = try await sim.request("PUT", "/logstream/\(streamID)/00000000000000a3", token: token)
            let injected = try await sim.request(
                "POST", "/_sim/devices/0c:2a:69:00:00:03/logs",
                json: #"{"entries":[{"type":"server.error","msg":"line one\nline two"},{"msg":"plain"}]}"#)
            #expect(injected.status == 201)
            #expect(injected.data.count == 2)
            #expect(await reader.wait { $0.filter { $0.name == "message" }.count == 2 })
            let messages = reader.all.filter { $0.name == "message" }.compactMap { try? JSONParser.parse($0.data) }
            #expect(messages.map { $0["msg"]?.stringValue ?? "" } == ["line one\nline two", "plain"])
            #expect(messages.map { $0["type"]?.stringValue ?? "" } == ["server.error", "server.log"])
            let history = try await sim.get("/devices/00000000000000a3/logs", token: token)
            #expect(history.data.arrayValue?.compactMap { $0["msg"]?.stringValue } == ["plain", "line one\nline two"])
            let deviceHistory = try await sim.get("/devices/00000000000000a3/history", token: token)
            #expect(deviceHistory.status == 200)
            #expect(deviceHistory.json["links"] != nil)
        }
    }

    @Test("Devices in production groups have no history and cannot be streamed; factory fixture devices can")
    func productionDevices() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let production = try await sim.groupID(token, product: product, name: "Prod", type: "production_devicegroup")
            let dut = try await sim.groupID(token, product: product, name: "DUT", type: "dut_devicegroup")
            let factory = try await sim.createGroup(
                token, product: product, name: "Factory", type: "factoryfixture_devicegroup",
                production: (production, "production_devicegroup"), dut: (dut, "dut_devicegroup"))
            #expect(factory.status == 201)
            let factoryID = factory.data["id"]?.stringValue ?? ""
            #expect(try await sim.assign(token, group: production, devices: ["00000000000000a1"]).status == 204)
            #expect(try await sim.assign(token, group: factoryID, devices: ["00000000000000a2"]).status == 204)
            let refused = try await sim.get("/devices/00000000000000a1/logs", token: token)
            #expect(refused.status == 403)
            #expect(refused.errorTitle == "Invalid Permission")
            #expect(try await sim.get("/devices/00000000000000a2/logs", token: token).status == 200)
            let streamID = try await sim.request("POST", "/logstream", token: token).data["id"]?.stringValue ?? ""
            #expect(try await sim.request("PUT", "/logstream/\(streamID)/00000000000000a1", token: token).status == 403)
            #expect(try await sim.request("PUT", "/logstream/\(streamID)/00000000000000a2", token: token).status == 204)
        }
    }

    @Test("Dropping an account's streams ends their connections without a closed event; the stream can be reopened")
    func dropStreams() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let (streamID, reader) = try await Self.openStream(sim, token)
            defer { reader.close() }
            #expect(await reader.wait { $0.count == 1 })
            let dropped = try await sim.request("POST", "/_sim/accounts/alice/logstreams/drop")
            #expect(dropped.status == 200)
            #expect(dropped.json["dropped"]?.intValue == 1)
            #expect(await reader.wait { _ in reader.isEnded })
            #expect(reader.all.map(\.data) == [#"{"state":"opened"}"#])
            let again = try await SSEReader.open(port: sim.port, path: "/v5/logstream/\(streamID)?format=json")
            defer { again.close() }
            #expect(again.status == 200)
            #expect(try await sim.request("POST", "/_sim/accounts/nobody/logstreams/drop").status == 404)
        }
    }

    @Test("A burst writes numbered entries to history and to the device's streams, in order")
    func burst() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let (streamID, reader) = try await Self.openStream(sim, token)
            defer { reader.close() }
            _ = try await sim.request("PUT", "/logstream/\(streamID)/00000000000000a3", token: token)
            let burst = try await sim.request(
                "POST", "/_sim/devices/00000000000000a3/logs/burst", json: #"{"count": 2500, "prefix": "n"}"#)
            #expect(burst.status == 200)
            #expect(burst.json["written"]?.intValue == 2500)
            #expect(await reader.wait { $0.filter { $0.name == "message" }.count == 2500 })
            let numbers = reader.all.filter { $0.name == "message" }.compactMap { try? JSONParser.parse($0.data) }
                .compactMap { $0["msg"]?.stringValue }
            #expect(numbers == (1...2500).map { "n\($0)" })
            let history = try await sim.get("/devices/00000000000000a3/logs?page[size]=2", token: token)
            #expect(history.data.arrayValue?.compactMap { $0["msg"]?.stringValue } == ["n2500", "n2499"])
            for body in [#"{"count": 0}"#, #"{"count": "x"}"#, #"{"count": 1, "type": 5}"#] {
                #expect(try await sim.request("POST", "/_sim/devices/00000000000000a3/logs/burst", json: body).status == 400)
            }
        }
    }

    @Test("Keep-alive comments are sent on idle streams")
    func keepAlive() async throws {
        let hub = LogStreamHub(maxStreams: 1, maxDevices: 5, keepAliveInterval: .milliseconds(50))
        hub.create(id: "s", accountID: "a")
        guard let (stream, _) = hub.connect("s", format: .json) else {
            Issue.record("stream missing")
            return
        }
        var chunks: [String] = []
        for await chunk in stream {
            chunks.append(String(decoding: chunk.readableBytesView, as: UTF8.self))
            if chunks.count == 3 { break }
        }
        #expect(chunks[0] == "event: state_change\ndata: {\"state\":\"opened\"}\n\n")
        #expect(chunks[1] == ": keep-alive\n\n")
        hub.closeAll()
    }
}
