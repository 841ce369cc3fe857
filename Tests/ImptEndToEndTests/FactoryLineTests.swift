import Foundation
import ImptTestHTTPServer
import Testing

/// The factory line of Docs/FactoryGuide.md and tools/factory-demo.sh, step by step on a fresh
/// simulator: a factory group with its production and DUT targets, a fixture running factory
/// firmware, devices under test BlinkUp'd and blessed, blessing webhooks delivered to a local
/// receiver, blessed devices in the production group, production logs refused, fixture logs shown.
@Suite(.ownThreads) struct FactoryLineTests {
    /// Runs impt and expects success.
    @discardableResult
    func succeed(_ sandbox: Sandbox, _ arguments: [String]) throws -> Run {
        let run = try sandbox.impt(arguments)
        let json = arguments.suffix(2) == ["-z", "json"]
        #expect(run.status == 0 && (json || run.lines.last == "IMPT COMMAND SUCCEEDS"), "\(arguments): \(run)")
        return run
    }

    func id(_ run: Run, _ key: String) throws -> String {
        try #require(((run.json as? [String: Any])?[key] as? [String: Any])?["id"] as? String)
    }

    func deviceIDs(_ run: Run) -> Set<String> {
        Set(((run.json as? [[String: Any]]) ?? []).compactMap { ($0["Device"] as? [String: Any])?["id"] as? String })
    }

    @Test func fixtureBlessesDevicesUnderTestIntoProduction() throws {
        let receiver = try ScriptedHTTPServer()
        defer { receiver.stop() }
        let sandbox = try Sandbox()
        let sim = try Simulator(["--demo", "--log-period", "0.2"])
        try sandbox.login(sim)

        // The groups: production (application), DUT (test firmware), factory (fixture firmware).
        try succeed(sandbox, ["product", "create", "--name", "SmartLamp"])
        let app = try id(succeed(sandbox, ["dg", "create", "--name", "LampApp", "--dg-type", "production", "--product", "SmartLamp",
                                           "-z", "json"]), "Device Group")
        let test = try id(succeed(sandbox, ["dg", "create", "--name", "LampTest", "--dg-type", "dut", "--product", "SmartLamp",
                                            "-z", "json"]), "Device Group")
        let line = try id(succeed(sandbox, ["dg", "create", "--name", "LampLine", "--dg-type", "factory", "--product", "SmartLamp",
                                            "--target", "LampApp", "--dut", "LampTest", "-z", "json"]), "Device Group")
        let info = try succeed(sandbox, ["dg", "info", "--dg", "LampLine"])
        #expect(info.lines.contains("  type:              factory"))
        #expect(Array(info.lines.suffix(9)) == [
            "  Production Target: ", "    id:   \(app)", "    type: production", "    name: LampApp",
            "  DUT Target: ", "    id:   \(test)", "    type: dut", "    name: LampTest", "IMPT COMMAND SUCCEEDS",
        ])

        // Firmware for each group.
        for (name, text) in [("fixture.nut", "server.log(\"fixture ready\");"), ("test.nut", "server.log(\"self test\");"),
                             ("app.nut", "server.log(\"lamp on\");")] {
            try text.write(to: sandbox.file(name), atomically: false, encoding: .utf8)
        }
        try succeed(sandbox, ["build", "deploy", "--dg", "LampLine", "--device-file", "fixture.nut", "--descr", "Fixture 1.0"])
        try succeed(sandbox, ["build", "deploy", "--dg", "LampTest", "--device-file", "test.nut"])
        try succeed(sandbox, ["build", "deploy", "--dg", "LampApp", "--device-file", "app.nut", "--tag", "v1.0"])

        // Blessing webhooks on the production group, to the local receiver.
        let url = "http://127.0.0.1:\(receiver.port)/blessing"
        let hook = try succeed(sandbox, ["webhook", "create", "--dg", "LampApp", "--url", url, "--event", "blessing", "--mime", "json"])
        #expect(hook.lines.contains("  event: blessing") && hook.lines.contains("  url:   \(url)"))

        // The fixture runs the factory firmware, and its logs can be read.
        let assigned = try succeed(sandbox, ["device", "assign", "--device", "demo-device-1", "--dg", "LampLine", "--confirmed"])
        #expect(assigned.lines.first == "Device \"demo-device-1\" is assigned successfully to Device Group \"LampLine\".")

        // Devices under test: BlinkUp'd into the DUT group, two blessed, one failing its test.
        let duts = (1...3).map { "1a2b3c4d0000000\($0)" }
        for (index, dut) in duts.enumerated() {
            let created = try sim.call("POST", "/_sim/devices", body: [
                "account": "demo", "name": "lamp-\(index + 1)", "id": dut, "mac_address": "0c:2a:69:10:00:0\(index + 1)", "online": false,
            ])
            #expect(created.status == 201)
            #expect(try sim.call("POST", "/_sim/devices/\(dut)/blinkup", body: ["devicegroup": test]).status == 200)
        }
        #expect(deviceIDs(try succeed(sandbox, ["device", "list", "--dg", "LampTest", "-z", "json"])) == Set(duts))
        for (dut, success) in zip(duts, [true, true, false]) {
            #expect(try sim.call("POST", "/_sim/devices/\(dut)/bless", body: ["success": success]).status == 200)
        }
        #expect(deviceIDs(try succeed(sandbox, ["device", "list", "--dg", "LampApp", "-z", "json"])) == Set(duts[0...1]))
        #expect(deviceIDs(try succeed(sandbox, ["device", "list", "--dg", "LampTest", "-z", "json"])) == [duts[2]])

        // One blessing call per device, naming the groups of the line.
        #expect(try sim.waitUntil("webhook_delivered") { receiver.requests.count >= 3 })
        let calls = receiver.requests.compactMap { try? JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any] }
        #expect(receiver.requests.allSatisfy { $0.method == "POST" && $0.path == "/blessing" })
        #expect(calls.count == 3)
        for call in calls {
            #expect(call["event"] as? String == "blessing")
            #expect(call["devicegroup_id"] as? String == app)
            #expect(call["factory_devicegroup_id"] as? String == line)
            #expect(call["dut_devicegroup_id"] as? String == test)
        }
        let outcomes = Dictionary(uniqueKeysWithValues: calls.compactMap { call in
            (call["device_id"] as? String).map { ($0, call["success"] as? Bool) }
        })
        #expect(outcomes == [duts[0]: true, duts[1]: true, duts[2]: false])

        // No logs of production devices; the fixture's are there.
        let refused = try sandbox.impt("log", "get", "--device", "lamp-1")
        #expect(refused.status == 1)
        #expect(refused.lines == [
            "Error: Device \"lamp-1\" is assigned to a production Device Group: impCentral offers no logs of production devices.",
            "IMPT COMMAND FAILS",
        ])
        let stream = try sandbox.impt("log", "stream", "--dg", "LampApp")
        #expect(stream.status == 1)
        #expect(stream.lines == [
            "Error: Device Group \"LampApp\" is a production Device Group: impCentral offers no logs of production devices.",
            "IMPT COMMAND FAILS",
        ])
        var fixture = Run(stdout: "", stderr: "", status: -1)
        _ = try sim.waitUntil("logs_written") {
            fixture = try sandbox.impt("log", "get", "--device", "demo-device-1", "--page-number", "1")
            return fixture.lines.contains { $0.hasSuffix(" [server.log] fixture ready") }
        }
        #expect(fixture.status == 0 && fixture.lines.last == "IMPT COMMAND SUCCEEDS")
        #expect(fixture.lines.contains { $0.hasSuffix(" [server.log] fixture ready") })
        #expect(fixture.lines.contains { $0.hasSuffix(" [status] Agent restarted: reload.") })
    }
}
