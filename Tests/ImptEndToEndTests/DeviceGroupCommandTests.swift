import Foundation
import Testing

/// `impt dg create`, `list`, `info` and `update` against a simulator.
@Suite(.inProcess) struct DeviceGroupCommandTests {
    @Test func createInEveryOutputMode() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let product = try sandbox.createProduct("P")
        let run = try sandbox.impt("dg", "create", "--name", "Dev", "--product", "P", "--descr", "first")
        #expect(run.lines.count == 6, "\(run)")
        #expect(run.lines[0] == "Device Group \"Dev\" is created successfully.")
        #expect(run.lines[1] == "Device Group: ")
        #expect(run.lines[2].hasPrefix("  id:   ") && run.lines[2].count == 44)
        #expect(Array(run.lines.suffix(3)) == ["  type: development", "  name: Dev", "IMPT COMMAND SUCCEEDS"])
        let id = String(run.lines[2].dropFirst(8))
        let scenario = try Scenario(sim)
        #expect(try scenario.attribute("description", of: "/devicegroups/\(id)") as? String == "first")
        #expect(try scenario.relation("product", of: "/devicegroups/\(id)") == product)

        let minimal = try sandbox.impt("dg", "create", "-n", "Minimal", "-p", product, "-z", "minimal")
        #expect(minimal.lines.count == 4 && minimal.lines[0] == "Device Group: " && minimal.lines[3] == "  name: Minimal", "\(minimal)")
        let json = try sandbox.impt("dg", "create", "-n", "Json", "-p", "P", "-y", "dut", "-z", "json")
        let created = try #require((json.json as? [String: [String: String]])?["Device Group"], "\(json)")
        #expect(created.keys.sorted() == ["id", "name", "type"] && created["type"] == "dut" && created["name"] == "Json")
        let debug = try sandbox.impt("dg", "create", "-n", "Debug", "-p", "P", "-z", "debug")
        #expect(debug.stdout.hasPrefix("Doing the request with options:\n"))
        #expect(debug.stdout.contains("\"url\": \"\(sim.baseURL)/devicegroups\""), "\(debug)")
        #expect(debug.stdout.contains("Response code: 201"))
        #expect(debug.stdout.hasSuffix("  type: development\n  name: Debug\nIMPT COMMAND SUCCEEDS\n"))
    }

    @Test func createsEverySevenTypesWithTheirTargets() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        _ = try sandbox.createProduct("P")
        let scenario = try Scenario(sim)
        func create(_ arguments: [String]) throws -> (id: String, type: String) {
            let run = try sandbox.impt(["dg", "create", "-p", "P", "-z", "json"] + arguments)
            let group = try #require((run.json as? [String: [String: String]])?["Device Group"], "\(arguments): \(run)")
            return (group["id"]!, group["type"]!)
        }
        let preProduction = try create(["-n", "PreProd", "-y", "pre-production", "--region", "eu"])
        let preDUT = try create(["-n", "PreDut", "--dg-type", "pre-dut"])
        let preFactory = try create(["-n", "PreFactory", "-y", "pre-factory", "--target", "PreProd", "--dut", "PreDut"])
        let production = try create(["-n", "Prod", "-y", "production", "-r", ""])
        let dut = try create(["-n", "Dut", "-y", "dut"])
        let factory = try create(["-n", "Factory", "-y", "factory", "-t", production.id, "-u", "Dut"])
        let development = try create(["-n", "Dev", "-e", "{\"greeting\": \"hi\", \"count\": 2}"])
        #expect([preProduction, preDUT, preFactory, production, dut, factory, development].map(\.type)
            == ["pre-production", "pre-dut", "pre-factory", "production", "dut", "factory", "development"])
        let apiTypes = try [preProduction, preDUT, preFactory, production, dut, factory, development].map {
            try scenario.resource("/devicegroups/\($0.id)")?["type"] as? String
        }
        #expect(apiTypes == [
            "pre_production_devicegroup", "pre_dut_devicegroup", "pre_factoryfixture_devicegroup", "production_devicegroup",
            "dut_devicegroup", "factoryfixture_devicegroup", "development_devicegroup",
        ])
        #expect(try scenario.relation("production_target", of: "/devicegroups/\(preFactory.id)") == preProduction.id)
        #expect(try scenario.relation("dut_target", of: "/devicegroups/\(preFactory.id)") == preDUT.id)
        #expect(try scenario.relation("production_target", of: "/devicegroups/\(factory.id)") == production.id)
        #expect(try scenario.relation("dut_target", of: "/devicegroups/\(factory.id)") == dut.id)
        #expect(try scenario.attribute("region", of: "/devicegroups/\(preProduction.id)") as? String == "eu")
        #expect(try scenario.attribute("region", of: "/devicegroups/\(production.id)") is NSNull)
        let environment = try scenario.attribute("env_vars", of: "/devicegroups/\(development.id)") as? [String: Any]
        #expect(environment?["greeting"] as? String == "hi" && environment?["count"] as? Int == 2)

        // The project file supplies the Product.
        let project = ["deviceGroupId": development.id, "deviceFile": "device.nut", "agentFile": "agent.nut"]
        try JSONSerialization.data(withJSONObject: project).write(to: sandbox.file(".impt.project"))
        let fromProject = try sandbox.impt("dg", "create", "-n", "FromProject", "-z", "json")
        let id = try #require(((fromProject.json as? [String: [String: String]])?["Device Group"])?["id"], "\(fromProject)")
        #expect(try scenario.relation("product", of: "/devicegroups/\(id)") == scenario.relation("product", of: "/devicegroups/\(development.id)"))
    }

    @Test func createRefusesBadInputAndChangesNothing() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let product = try sandbox.createProduct("P")
        let other = try sandbox.createProduct("Q")
        let scenario = try Scenario(sim)
        try scenario.deviceGroup(product: product, name: "Dev")
        try scenario.deviceGroup(product: product, name: "Prod", type: "production_devicegroup")
        try scenario.deviceGroup(product: product, name: "Dut", type: "dut_devicegroup")
        try scenario.deviceGroup(product: other, name: "QProd", type: "production_devicegroup")
        let before = try scenario.groupIDs()

        func create(_ arguments: String...) throws -> Run { try sandbox.impt(["dg", "create", "-p", "P"] + arguments) }
        let choices = DeviceGroupTypeNames.all.map { "\"\($0)\"" }.joined(separator: ", ")
        #expect(try create("-n", "X", "-y", "nope").isUsageError(
            "create", "Invalid values:\n  Argument: dg-type, Given: \"nope\", Choices: \(choices)"))
        #expect(try create("-n", "X", "-y", "factory", "-t", "Prod").isUsageError(
            "create", "Option \"--dut\" must be specified for Device Group of type \"factory\"."))
        #expect(try create("-n", "X", "-y", "pre-factory", "-u", "Dut").isUsageError(
            "create", "Option \"--target\" must be specified for Device Group of type \"pre-factory\"."))
        #expect(try create("-n", "X", "-r", "eu").isUsageError(
            "create",
            "Invalid option \"--region\" for Device Group of the type \"development\". It may be specified for \"pre-production\" or \"production\" Device Groups only."))
        let badJSON = try create("-n", "X", "-e", "{bad")
        #expect(badJSON.isUsageError("create", "Option \"--env-variable\" has incorrect value \"{bad\"."), "\(badJSON)")
        #expect(badJSON.stderr == "Invalid JSON string: {bad\n")
        let notObject = try create("-n", "X", "-e", "[1]")
        #expect(notObject.isUsageError("create", "Option \"--env-variable\" has incorrect value \"[1]\".") && notObject.stderr.isEmpty)

        func failure(_ message: String) -> String { "Error: \(message)\nIMPT COMMAND FAILS\n" }
        #expect(try create("-n", "X", "-u", "Dut").stdout == failure(
            "Invalid option \"--dut\" for Device Group of the type \"development\". It may be specified for \"pre-factory\" or \"factory\" Device Groups only."))
        #expect(try create("-n", "X", "-y", "production", "-t", "Prod").stdout == failure(
            "Invalid option \"--target\" for Device Group of the type \"production\". It may be specified for \"pre-factory\" or \"factory\" Device Groups only."))
        #expect(try create("-n", "X", "-y", "factory", "-t", "Dev", "-u", "Dut").stdout == failure(
            "Production Target Device Group \"Dev\" is of the type \"development\" but must be of the type \"production\"."))
        #expect(try create("-n", "X", "-y", "factory", "-t", "Prod", "-u", "Prod").stdout == failure(
            "DUT Target Device Group \"Prod\" is of the type \"production\" but must be of the type \"dut\"."))
        #expect(try create("-n", "X", "-y", "pre-factory", "-t", "Prod", "-u", "Dut").stdout == failure(
            "Production Target Device Group \"Prod\" is of the type \"production\" but must be of the type \"pre-production\"."))
        #expect(try create("-n", "X", "-y", "factory", "-t", "QProd", "-u", "Dut").stdout == failure(
            "Production Target Device Group must be from the same Product."))
        #expect(try create("-n", "X", "-y", "factory", "-t", "Nope", "-u", "Dut").stdout == failure(
            "Production Target Device Group \"Nope\" is not found."))
        #expect(try create("-n", "Dev").stdout == failure("Duplicate Resource: Devicegroups must have unique names."))
        #expect(try create("-n", "X", "-y", "factory", "-t", "Nope", "-u", "Dut", "-z", "json").stdout
            == "{\n  \"Error\": \"Production Target Device Group \\\"Nope\\\" is not found.\"\n}\n")
        #expect(try sandbox.impt("dg", "create", "-n", "X").stdout == failure("No Product Identifier is specified."))
        #expect(try create("-n", "X", "-y", "factory", "-t", "Prod", "-u", "Dut", "-z", "minimal").stdout
            .hasPrefix("Device Group: \n"))
        #expect(try scenario.groupIDs().count == before.count + 1)
    }

    @Test func usageLinesMatchTheOriginal() throws {
        let sandbox = try Sandbox()
        let expected = [
            "builds": "[--dg <DEVICE_GROUP_IDENTIFIER>] [--unflag] [--unflag-old] [--remove] [--confirmed] [--output <mode>] [--help]",
            "create": "--name <device_group_name> [--dg-type <device_group_type>] [--product <PRODUCT_IDENTIFIER>] [--descr <device_group_description>] [--dut <DEVICE_GROUP_IDENTIFIER>] [--target <DEVICE_GROUP_IDENTIFIER>] [--region <region_name>] [--output <mode>] [--env-variable] [--help]",
            "delete": "[--dg <DEVICE_GROUP_IDENTIFIER>] [--force] [--confirmed] [--output <mode>] [--help]",
            "info": "[--dg <DEVICE_GROUP_IDENTIFIER>] [--full] [--output <mode>] [--help]",
            "list": "[--owner <ACCOUNT_IDENTIFIER>] [--product <PRODUCT_IDENTIFIER>] [--dg-type <device_group_type>] [--output <mode>] [--help]",
            "reassign": "--from <DEVICE_GROUP_IDENTIFIER> [--to <DEVICE_GROUP_IDENTIFIER>] [--output <mode>] [--help]",
            "restart": "[--dg <DEVICE_GROUP_IDENTIFIER>] [--conditional] [--log] [--no-reconnect] [--output <mode>] [--help]",
            "unassign": "[--dg <DEVICE_GROUP_IDENTIFIER>] [--unbond <unbond_key>] [--output <mode>] [--help]",
            "update": "[--dg <DEVICE_GROUP_IDENTIFIER>] [--name <device_group_name>] [--descr <device_group_description>] [--dut <DEVICE_GROUP_IDENTIFIER>] [--target <DEVICE_GROUP_IDENTIFIER>] [--load-code-after-blessing [true|false]] [--min-supported-deployment <BUILD_IDENTIFIER>] [--output <mode>] [--env-variable] [--help]",
        ]
        for (command, usage) in expected {
            let run = try sandbox.impt("dg", command, "--help")
            #expect(run.status == 0 && run.lines[1] == "Usage: impt dg \(command) \(usage)", "\(run)")
        }
        let group = try sandbox.impt("dg", "--help")
        #expect(group.lines.prefix(4) == ["", "Usage: impt dg <command> [options]", "", "Device Group manipulation commands."])
        #expect(expected.keys.allSatisfy { group.stdout.contains("  impt dg \($0) ") })
        let aliases = try sandbox.impt("dg", "update", "--help").stdout
        for alias in ["--dg, -g", "--name, -n", "--descr, -s", "--dut, -u", "--target, -t", "--load-code-after-blessing, -l",
                      "--min-supported-deployment, -m", "--env-variable, -e"] {
            #expect(aliases.contains("  \(alias) "), "\(alias)")
        }
        #expect(try sandbox.impt("dg", "delete", "--dg", "").isUsageError("delete", "Option \"--dg\" must not be empty."))
        #expect(try sandbox.impt("dg", "restart", "--log", "--bogus").isUsageError("restart", "Unknown argument: bogus"))
    }

    @Test func listCombinesFilters() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator.team(sandbox: sandbox)
        try sandbox.login(sim, user: "bob", password: "bob-password")
        let mine = try sandbox.createProduct("Mine")
        let hers = try sandbox.createProduct("Hers", ["-o", "alice"])
        let bob = try Scenario(sim, user: "bob", password: "bob-password")
        let a = try bob.deviceGroup(product: mine, name: "A")
        let b = try bob.deviceGroup(product: mine, name: "B", type: "production_devicegroup")
        let c = try bob.deviceGroup(product: hers, name: "C")
        func names(_ arguments: String...) throws -> [String] {
            let run = try sandbox.impt(["dg", "list", "-z", "json"] + arguments)
            let list = try #require(run.json as? [[String: [String: Any]]], "\(run)")
            return list.compactMap { $0["Device Group"]?["name"] as? String }.sorted()
        }
        #expect(try names() == ["A", "B", "C"])
        #expect(try names("-y", "development") == ["A", "C"])
        #expect(try names("--dg-type", "development", "--dg-type", "production") == ["A", "B", "C"])
        #expect(try names("-o", "alice", "-y", "development") == ["C"])
        #expect(try names("-o", "bob", "-o", "alice@example.com") == ["A", "B", "C"])
        #expect(try names("-p", "Mine", "-p", "Hers", "-y", "production") == ["B"])
        #expect(try names("--product", "{alice}{Hers}", "--owner", "me") == [])
        #expect(try names("-p", "Mine", "-p", mine) == ["A", "B"])

        let list = try sandbox.impt("dg", "list", "-p", "Hers", "-p", "Mine", "-y", "development")
        let ownerID = try #require(try bob.relation("owner", of: "/products/\(hers)"))
        #expect(list.stdout == """
            Device Group list (2 items):
            Device Group: 
              id:      \(c)
              type:    development
              name:    C
              Product: 
                id:   \(hers)
                name: Hers
              Owner: 
                id:       \(ownerID)
                email:    alice@example.com
                username: alice
            Device Group: 
              id:      \(a)
              type:    development
              name:    A
              Product: 
                id:   \(mine)
                name: Mine
            IMPT COMMAND SUCCEEDS

            """)
        #expect(try sandbox.impt("dg", "list", "-p", "Nope").stdout == "No Device Groups are found.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try sandbox.impt("dg", "list", "-p", "Nope", "-z", "json").stdout == "[]\n")
        #expect(try sandbox.impt("dg", "list", "-p", "Nope", "-z", "minimal").stdout == "")
        let minimal = try sandbox.impt("dg", "list", "-y", "production", "-z", "minimal")
        #expect(minimal.stdout.hasPrefix("Device Group: \n  id:      \(b)\n  type:    production\n"), "\(minimal)")
        #expect(try sandbox.impt("dg", "list", "-y", "nope").isUsageError(
            "list", "Invalid values:\n  Argument: dg-type, Given: \"nope\", Choices: \(DeviceGroupTypeNames.all.map { "\"\($0)\"" }.joined(separator: ", "))"))
    }
}

enum DeviceGroupTypeNames {
    static let all = ["development", "pre-factory", "pre-dut", "pre-production", "factory", "dut", "production"]
}
