import Foundation
import Testing

/// `impt dg restart`, `unassign` and `reassign` with no device, one device and more devices than
/// the lists show.
@Suite(.inProcess) struct DeviceGroupDevicesTests {
    /// Five device blocks and the truncation line, for seven devices named `<prefix>0` ... `<prefix>6`.
    private func truncated(_ ids: [String], prefix: String) -> [String] {
        ids.prefix(5).enumerated().flatMap { deviceBlock($0.element, name: "\(prefix)\($0.offset)") } + ["And 2 more Device(s)."]
    }

    /// Groups "Empty", "One" (device "solo0", running a Deployment) and "Many" (devices "m0" ... "m6").
    private func groups(_ world: World) throws -> (one: String, single: [String], many: String, fleet: [String]) {
        try world.scenario.deviceGroup(product: world.product, name: "Empty")
        let one = try world.scenario.deviceGroup(product: world.product, name: "One")
        try world.scenario.deployment(group: one)
        let single = try world.scenario.devices(1, in: one, prefix: "solo")
        let many = try world.scenario.deviceGroup(product: world.product, name: "Many")
        return (one, single, many, try world.scenario.devices(7, in: many, prefix: "m"))
    }

    @Test func restartWithNoneOneAndManyDevices() throws {
        let world = try World()
        let (sandbox, sim, scenario) = (world.sandbox, world.sim, world.scenario)
        let (_, single, many, fleet) = try groups(world)

        #expect(try sandbox.impt("dg", "restart", "-g", "Empty").stdout
            == "Device Group \"Empty\" does not have assigned Devices.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try sandbox.impt("dg", "restart", "-g", "Empty", "-z", "json").stdout == "{}\n")
        #expect(try sim.waitUntil("device_booted", subject: single[0]) { try bootCount(scenario, single[0]) >= 1 })
        let boots = try bootCount(scenario, single[0])
        let restart = try sandbox.impt("dg", "restart", "--dg", "One")
        #expect(matches(restart.lines, ["Restart request for Devices assigned to Device Group \"One\" is successful:"]
            + deviceBlock(single[0], name: "solo0") + ["IMPT COMMAND SUCCEEDS"]), "\(restart)")
        #expect(try sim.waitUntil("device_booted", subject: single[0]) { try bootCount(scenario, single[0]) > boots })
        let conditional = try sandbox.impt("dg", "restart", "-g", many, "--conditional")
        #expect(matches(conditional.lines, ["Conditional restart request for Devices assigned to Device Group \"\(many)\" is successful:"]
            + truncated(fleet, prefix: "m") + ["IMPT COMMAND SUCCEEDS"]), "\(conditional)")
        #expect(try sandbox.impt("dg", "restart", "-g", "Many", "-z", "minimal").stdout == "")
        #expect(try sandbox.impt("dg", "restart", "-g", "Many", "-c", "-z", "json").stdout == "{}\n")
        let debug = try sandbox.impt("dg", "restart", "-g", "Many", "-z", "debug")
        #expect(debug.stdout.contains("\"url\": \"\(sim.baseURL)/devicegroups/\(many)/restart\""), "\(debug)")
        #expect(debug.stdout.hasSuffix("And 2 more Device(s).\nIMPT COMMAND SUCCEEDS\n"))
        #expect(try sandbox.impt("dg", "restart", "-g", "Nope").stdout == "Error: Device Group \"Nope\" is not found.\nIMPT COMMAND FAILS\n")
        #expect(try sandbox.impt("dg", "restart").stdout == "Error: No Device Group Identifier is specified.\nIMPT COMMAND FAILS\n")
    }

    @Test func unassignAndReassignMoveTheDevices() throws {
        let world = try World()
        let (sandbox, scenario, product) = (world.sandbox, world.scenario, world.product)
        let (one, single, many, fleet) = try groups(world)
        let target = try scenario.deviceGroup(product: product, name: "Target")

        #expect(try sandbox.impt("dg", "unassign", "-g", "Empty").stdout
            == "Device Group \"Empty\" does not have assigned Devices.\nIMPT COMMAND SUCCEEDS\n")
        let unassign = try sandbox.impt("dg", "unassign", "-g", "One")
        #expect(matches(unassign.lines, ["The following Devices are unassigned successfully from Device Group \"One\":"]
            + deviceBlock(single[0], name: "solo0") + ["IMPT COMMAND SUCCEEDS"]), "\(unassign)")
        #expect(try scenario.assigned(to: one) == [])

        #expect(try sandbox.impt("dg", "reassign", "--from", "Empty", "--to", "Target").stdout
            == "Device Group \"Empty\" does not have assigned Devices.\nIMPT COMMAND SUCCEEDS\n")
        let reassign = try sandbox.impt("dg", "reassign", "--from", "Many", "--to", "Target")
        #expect(matches(reassign.lines, [
            "The following Devices assigned to Device Group \"Many\" are reassigned successfully to Device Group \"Target\":",
        ] + truncated(fleet, prefix: "m") + ["IMPT COMMAND SUCCEEDS"]), "\(reassign)")
        #expect(try scenario.assigned(to: target) == fleet.sorted() && scenario.assigned(to: many) == [])

        // --to comes from the project file; the message then shows the group's id.
        let project = ["deviceGroupId": many, "deviceFile": "device.nut", "agentFile": "agent.nut"]
        try JSONSerialization.data(withJSONObject: project).write(to: sandbox.file(".impt.project"))
        let back = try sandbox.impt("dg", "reassign", "-f", "Target")
        #expect(back.lines.first
            == "The following Devices assigned to Device Group \"Target\" are reassigned successfully to Device Group \"\(many)\":")
        #expect(try scenario.assigned(to: many) == fleet.sorted(), "\(back)")
        #expect(try sandbox.impt("dg", "reassign", "-f", "Target", "-t", "Many", "-z", "json").stdout == "{}\n")
        let again = try sandbox.impt("dg", "reassign", "-f", "Many", "-t", "Target")
        #expect(again.lines.first == "The following Devices assigned to Device Group \"Many\" are reassigned successfully to Device Group \"Target\":")
        let all = try sandbox.impt("dg", "unassign", "-g", "Target")
        #expect(matches(all.lines, ["The following Devices are unassigned successfully from Device Group \"Target\":"]
            + truncated(fleet, prefix: "m") + ["IMPT COMMAND SUCCEEDS"]), "\(all)")
        #expect(try scenario.assigned(to: target) == [])
        #expect(try sandbox.impt("dg", "unassign", "-g", "Target", "-z", "json").stdout == "{}\n")

        try scenario.assign(device: single[0], to: many)
        let viaProject = try sandbox.impt("dg", "unassign", "-z", "minimal")
        #expect(try viaProject.stdout == "" && scenario.assigned(to: many) == [], "\(viaProject)")
        try FileManager.default.removeItem(at: sandbox.file(".impt.project"))
        #expect(try sandbox.impt("dg", "reassign", "--from", "Many").stdout
            == "Error: No Device Group Identifier is specified.\nIMPT COMMAND FAILS\n")
        #expect(try sandbox.impt("dg", "reassign", "--to", "Many").isUsageError("reassign", "Missing required argument: from"))
    }

    @Test func productionDevicesNeedTheUnbondKey() throws {
        let world = try World()
        let (sandbox, _, scenario, product) = (world.sandbox, world.sim, world.scenario, world.product)
        let production = try scenario.deviceGroup(product: product, name: "Live", type: "production_devicegroup")
        let devices = try scenario.devices(2, in: production, prefix: "field")
        let refused = try sandbox.impt("dg", "unassign", "-g", "Live")
        #expect(refused.status == 1 && refused.lines.first?.hasPrefix("Error: ") == true && refused.lines.last == "IMPT COMMAND FAILS")
        #expect(try sandbox.impt("dg", "unassign", "-g", "Live", "--unbond", "").status == 1)
        #expect(try scenario.assigned(to: production) == devices.sorted())
        let debug = try sandbox.impt("dg", "unassign", "-g", "Live", "-u", "the-key", "-z", "debug")
        // The key is sent (the group refuses to let its devices go without it) but never shown.
        #expect(debug.status == 0 && debug.stdout.contains("\"X-Electricimp-Key\": \"[hidden]\""), "\(debug)")
        #expect(!debug.stdout.contains("the-key"))
        #expect(try scenario.assigned(to: production) == [])
    }

    /// How often a device has booted, from its `Agent restarted` log entries.
    private func bootCount(_ scenario: Scenario, _ device: String) throws -> Int {
        let reply = try scenario.sim.call("GET", "/devices/\(device)/logs?page[size]=100", token: scenario.token)
        let entries = (reply.json as? [String: Any])?["data"] as? [[String: Any]] ?? []
        return entries.filter { ($0["msg"] as? String)?.hasPrefix("Agent restarted") == true }.count
    }
}
