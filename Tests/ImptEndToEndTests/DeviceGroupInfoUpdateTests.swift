import Foundation
import Testing

/// `impt dg info` and `impt dg update`.
@Suite(.inProcess) struct DeviceGroupInfoUpdateTests {
    /// `  <key>: <padding><value>` with the keys of the object padded to `width`.
    private func row(_ key: String, _ value: String, width: Int, indent: Int = 2) -> String {
        String(repeating: " ", count: indent) + "\(key): " + String(repeating: " ", count: width - key.count) + value
    }

    /// `  <key>: ` introducing a nested object.
    private func header(_ key: String, indent: Int = 2) -> String {
        String(repeating: " ", count: indent) + "\(key): "
    }

    @Test func infoShowsAttributesAndRelations() throws {
        let world = try World()
        let (sandbox, _, scenario, product) = (world.sandbox, world.sim, world.scenario, world.product)
        let group = try scenario.deviceGroup(product: product, name: "Dev")
        let build = try scenario.deployment(group: group)
        let attributes = try #require(try scenario.resource("/devicegroups/\(group)")?["attributes"] as? [String: Any])
        let sha = try #require(try scenario.attribute("sha", of: "/deployments/\(build)") as? String)
        let width = "Min supported Deployment".count
        let expected = ["Device Group: ", row("id", group, width: width), row("type", "development", width: width),
                        row("name", "Dev", width: width), row("description", "", width: width), row("region", "", width: width),
                        row("created_at", attributes["created_at"] as! String, width: width),
                        row("updated_at", attributes["updated_at"] as! String, width: width),
                        header("Product"), row("id", product, width: 4, indent: 4), row("name", "P", width: 4, indent: 4)]
            + ["Current Deployment", "Min supported Deployment"].flatMap { key in
                [header(key), row("id", build, width: 3, indent: 4), row("sha", sha, width: 3, indent: 4)]
            }
        let info = try sandbox.impt("dg", "info", "--dg", "Dev")
        #expect(info.lines == expected + ["IMPT COMMAND SUCCEEDS"], "\(info)")
        #expect(try sandbox.impt("dg", "info", "-g", group, "-z", "minimal").lines == expected)
        let json = try sandbox.impt("dg", "info", "-g", "{demo}{P}{Dev}", "-z", "json")
        let shown = try #require((json.json as? [String: [String: Any]])?["Device Group"], "\(json)")
        #expect(shown["type"] as? String == "development" && shown["region"] as? String == "")
        #expect((shown["Current Deployment"] as? [String: String])?["id"] == build)

        // Ambiguous names list the candidates.
        let other = try sandbox.createProduct("Q")
        let twin = try scenario.deviceGroup(product: other, name: "Dev")
        let ambiguous = try sandbox.impt("dg", "info", "-g", "Dev")
        let candidates = [(group, product, "P"), (twin, other, "Q")].map { id, productID, productName in
            "Device Group: \n  id:      \(id)\n  type:    development\n  name:    Dev\n  Product: \n    id:   \(productID)\n    name: \(productName)\n"
        }
        #expect(ambiguous.stdout == "Error: Multiple Device Groups \"Dev\" are found:\n" + candidates.joined()
            + "Impossible to execute the command.\nIMPT COMMAND FAILS\n", "\(ambiguous)")
        #expect(try sandbox.impt("dg", "info", "-g", "{me}{Q}{Dev}", "-z", "json").stdout.contains(twin))
        #expect(try sandbox.impt("dg", "info", "-g", "{me}{R}{Dev}").stdout == "Error: Product \"R\" is not found.\nIMPT COMMAND FAILS\n")
        #expect(try sandbox.impt("dg", "info").stdout == "Error: No Device Group Identifier is specified.\nIMPT COMMAND FAILS\n")
    }

    @Test func infoFullShowsTargetingGroupsWebhooksAndDevices() throws {
        let world = try World()
        let (sandbox, sim, scenario, product) = (world.sandbox, world.sim, world.scenario, world.product)
        let production = try scenario.deviceGroup(product: product, name: "Prod", type: "production_devicegroup")
        let dut = try scenario.deviceGroup(product: product, name: "Dut", type: "dut_devicegroup")
        let factory = try scenario.factoryGroup(product: product, name: "Factory", production: production, dut: dut)
        let hook = try scenario.data(try sim.call(
            "POST", "/webhooks",
            body: ["data": ["type": "webhook", "attributes": ["url": "http://127.0.0.1:9/hook", "event": "blinkup", "content_type": "application/json"],
                            "relationships": ["devicegroup": ["type": "production_devicegroup", "id": production]]]],
            token: scenario.token))["id"] as! String
        let devices = try scenario.devices(7, in: production, prefix: "p")

        let full = try sandbox.impt("dg", "info", "-g", "Prod", "--full")
        #expect(full.status == 0, "\(full)")
        let width = "load_code_after_blessing".count
        #expect(full.lines.contains(row("load_code_after_blessing", "true", width: width)))
        let tail = [
            header("Production Target for"), "    Device Group: ", row("id", factory, width: 4, indent: 6),
            row("type", "factory", width: 4, indent: 6), row("name", "Factory", width: 4, indent: 6),
            header("Webhooks"), "    Webhook: ", row("id", hook, width: 5, indent: 6),
            row("event", "blinkup", width: 5, indent: 6), row("url", "http://127.0.0.1:9/hook", width: 5, indent: 6),
            header("Devices"),
        ] + devices.prefix(5).enumerated().flatMap { index, id in
            deviceBlock(id, name: "p\(index)").map { "    " + $0 }
        } + ["    ... 2 more Device(s)", "IMPT COMMAND SUCCEEDS"]
        #expect(matches(full.lines.suffix(tail.count), tail), "\(full)")
        let plain = try sandbox.impt("dg", "info", "-g", "Prod")
        #expect(!plain.stdout.contains("Devices") && !plain.stdout.contains("Webhooks"))

        let factoryInfo = try sandbox.impt("dg", "info", "-g", "Factory", "-u", "-z", "json")
        let shown = try #require((factoryInfo.json as? [String: [String: Any]])?["Device Group"], "\(factoryInfo)")
        #expect((shown["Production Target"] as? [String: String]) == ["id": production, "type": "production", "name": "Prod"])
        #expect((shown["DUT Target"] as? [String: String]) == ["id": dut, "type": "dut", "name": "Dut"])
        let dutInfo = try sandbox.impt("dg", "info", "-g", "Dut", "--full", "-z", "json")
        let targetFor = (dutInfo.json as? [String: [String: Any]])?["Device Group"]?["DUT Target for"] as? [[String: [String: String]]]
        #expect(targetFor?.first?["Device Group"]?["id"] == factory, "\(dutInfo)")
    }

    @Test func updateChangesAttributesTargetsAndMinimum() throws {
        let world = try World()
        let (sandbox, _, scenario, product) = (world.sandbox, world.sim, world.scenario, world.product)
        let group = try scenario.deviceGroup(product: product, name: "Dev")
        let path = "/devicegroups/\(group)"

        #expect(try sandbox.impt("dg", "update", "-g", "Dev", "-n", "Renamed", "-s", "about", "-e", "{\"a\": \"1\"}").stdout
            == "Device Group \"Dev\" is updated successfully.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try scenario.attribute("name", of: path) as? String == "Renamed")
        #expect(try scenario.attribute("description", of: path) as? String == "about")
        #expect(try scenario.attribute("env_vars", of: path) as? [String: String] == ["a": "1"])
        #expect(try sandbox.impt("dg", "update", "-g", group, "--descr", "", "-z", "json").stdout == "{}\n")
        #expect(try scenario.attribute("description", of: path) as? String == "")
        #expect(try sandbox.impt("dg", "update", "-g", "Renamed", "-z", "minimal").stdout == "")

        // Bad input fails and changes nothing.
        let before = try scenario.resource(path)?["attributes"] as? [String: Any]
        func failure(_ message: String) -> String { "Error: \(message)\nIMPT COMMAND FAILS\n" }
        #expect(try sandbox.impt("dg", "update", "-g", "Renamed", "-n", "X", "-l", "false").stdout == failure(
            "Invalid option \"--load-code-after-blessing\" for Device Group of the type \"development\". It may be specified for \"pre-production\" or \"production\" Device Groups only."))
        #expect(try sandbox.impt("dg", "update", "-g", "Renamed", "-n", "X", "--dut", "Dev").stdout == failure(
            "Invalid option \"--dut\" for Device Group of the type \"development\". It may be specified for \"pre-factory\" or \"factory\" Device Groups only."))
        let badJSON = try sandbox.impt("dg", "update", "-g", "Renamed", "-n", "X", "-e", "{\"a\": ")
        #expect(badJSON.isUsageError("update", "Option \"--env-variable\" has incorrect value \"{\"a\": \".") && badJSON.stderr == "Invalid JSON string: {\"a\": \n")
        #expect(try sandbox.impt("dg", "update", "-g", "Renamed", "-n", "X", "-e", "{\"1a\": 1}").status == 1)
        #expect(try sandbox.impt("dg", "update", "-g", "Nope", "-n", "X").stdout == failure("Device Group \"Nope\" is not found."))
        #expect(NSDictionary(dictionary: before ?? [:]).isEqual(to: try scenario.resource(path)?["attributes"] as? [String: Any] ?? [:]))

        // The Min supported Deployment moves forward only, within the group.
        let builds = try (0..<3).map { _ in try scenario.deployment(group: group) }
        let elsewhere = try scenario.deployment(group: try scenario.deviceGroup(product: product, name: "Other"))
        #expect(try scenario.relation("min_supported_deployment", of: path) == builds[0])
        #expect(try sandbox.impt("dg", "update", "-g", "Renamed", "--min-supported-deployment", builds[2]).stdout == """
            Min supported Deployment for Device Group "Renamed" is updated successfully.
            Device Group "Renamed" is updated successfully.
            IMPT COMMAND SUCCEEDS

            """)
        #expect(try scenario.relation("min_supported_deployment", of: path) == builds[2])
        #expect(try sandbox.impt("dg", "update", "-g", "Renamed", "-m", builds[1], "-n", "X").stdout == failure(
            "Min supported Deployment cannot be set to an earlier Deployment than the current Min supported Deployment."))
        #expect(try sandbox.impt("dg", "update", "-g", "Renamed", "-m", elsewhere, "-n", "X").stdout == failure(
            "Deployment \"\(elsewhere)\" does not belong to Device Group \"Renamed\". Impossible to set it as Min supported Deployment."))
        #expect(try sandbox.impt("dg", "update", "-g", "Renamed", "-m", "nope").stdout == failure("Deployment \"nope\" is not found."))
        #expect(try scenario.relation("min_supported_deployment", of: path) == builds[2])
        #expect(try scenario.attribute("name", of: path) as? String == "Renamed")
        #expect(try sandbox.impt("dg", "update", "-g", "Renamed", "-m", builds[2], "-z", "json").stdout == "{}\n")

        // The project file names the group; messages then show its id.
        let project = ["deviceGroupId": group, "deviceFile": "device.nut", "agentFile": "agent.nut"]
        try JSONSerialization.data(withJSONObject: project).write(to: sandbox.file(".impt.project"))
        #expect(try sandbox.impt("dg", "update", "-s", "from project").stdout
            == "Device Group \"\(group)\" is updated successfully.\nIMPT COMMAND SUCCEEDS\n")
    }

    @Test func updateProductionAndFactoryGroups() throws {
        let world = try World()
        let (sandbox, _, scenario, product) = (world.sandbox, world.sim, world.scenario, world.product)
        let production = try scenario.deviceGroup(product: product, name: "Prod", type: "production_devicegroup")
        let newProduction = try scenario.deviceGroup(product: product, name: "Prod2", type: "production_devicegroup")
        let dut = try scenario.deviceGroup(product: product, name: "Dut", type: "dut_devicegroup")
        let newDUT = try scenario.deviceGroup(product: product, name: "Dut2", type: "dut_devicegroup")
        let preProduction = try scenario.deviceGroup(product: product, name: "PreProd", type: "pre_production_devicegroup")
        let foreign = try scenario.deviceGroup(product: try sandbox.createProduct("Q"), name: "QProd", type: "production_devicegroup")
        let factory = try scenario.factoryGroup(product: product, name: "Factory", production: production, dut: dut)
        let load = { () throws -> Bool? in try scenario.attribute("load_code_after_blessing", of: "/devicegroups/\(production)") as? Bool }

        #expect(try sandbox.impt("dg", "update", "-g", "Prod", "--load-code-after-blessing", "false").status == 0)
        #expect(try load() == false)
        #expect(try sandbox.impt("dg", "update", "-g", "Prod", "-l").status == 0)
        #expect(try load() == true)
        #expect(try sandbox.impt("dg", "update", "-g", "Prod", "-l", "false").status == 0)
        #expect(try sandbox.impt("dg", "update", "-g", "Prod", "-l", "true").status == 0)
        #expect(try load() == true)
        #expect(try sandbox.impt("dg", "update", "-g", "PreProd", "-l", "false").status == 0)
        #expect(try scenario.attribute("load_code_after_blessing", of: "/devicegroups/\(preProduction)") as? Bool == false)

        let path = "/devicegroups/\(factory)"
        func failure(_ message: String) -> String { "Error: \(message)\nIMPT COMMAND FAILS\n" }
        #expect(try sandbox.impt("dg", "update", "-g", "Factory", "-t", "PreProd", "-n", "X").stdout == failure(
            "Production Target Device Group \"PreProd\" is of the type \"pre-production\" but must be of the type \"production\"."))
        #expect(try sandbox.impt("dg", "update", "-g", "Factory", "-t", "QProd", "-n", "X").stdout == failure(
            "Production Target Device Group must be from the same Product."))
        #expect(try sandbox.impt("dg", "update", "-g", "Factory", "-u", "Nope", "-n", "X").stdout == failure(
            "DUT Target Device Group \"Nope\" is not found."))
        #expect(try sandbox.impt("dg", "update", "-g", "Factory", "-l", "true").stdout == failure(
            "Invalid option \"--load-code-after-blessing\" for Device Group of the type \"factory\". It may be specified for \"pre-production\" or \"production\" Device Groups only."))
        #expect(try scenario.relation("production_target", of: path) == production && scenario.attribute("name", of: path) as? String == "Factory")
        _ = foreign

        #expect(try sandbox.impt("dg", "update", "-g", "Factory", "--target", "Prod2", "--dut", newDUT).stdout
            == "Device Group \"Factory\" is updated successfully.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try scenario.relation("production_target", of: path) == newProduction)
        #expect(try scenario.relation("dut_target", of: path) == newDUT)
    }
}
