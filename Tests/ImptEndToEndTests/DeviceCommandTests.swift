import Foundation
import Testing

/// A signed-in sandbox on a fresh simulator (demo account: demo-device-1 to -3 online, -4
/// offline, all unassigned) with the product "DevProduct" and its development group "DG1",
/// which holds one deployment.
private struct DeviceWorld {
    let sandbox: Sandbox
    let sim: Simulator
    let scenario: Scenario
    let product: String
    let group: String
    let build: String

    init(_ flags: [String] = ["--demo"]) throws {
        sandbox = try Sandbox()
        sim = try Simulator(flags)
        try sandbox.login(sim)
        scenario = try Scenario(sim)
        product = try sandbox.createProduct("DevProduct")
        group = try scenario.deviceGroup(product: product, name: "DG1")
        build = try scenario.deployment(group: group)
    }

    /// The id of a device, by name.
    func id(_ name: String) throws -> String {
        try #require(try scenario.allDevices().first { $0.name == name }?.id, "no device \(name)")
    }

    @discardableResult
    func impt(_ arguments: String..., stdin: String? = nil) throws -> Run {
        try sandbox.impt(arguments, stdin: stdin)
    }

    func impt(_ arguments: [String], stdin: String? = nil) throws -> Run {
        try sandbox.impt(arguments, stdin: stdin)
    }

    /// A group of another type in the product, e.g. `production_devicegroup`.
    func group(_ name: String, type: String, product: String? = nil) throws -> String {
        try scenario.deviceGroup(product: product ?? self.product, name: name, type: type)
    }
}

extension Scenario {
    /// Assigns devices with one request, waiting while the simulator's rate limit refuses it.
    fileprivate func assign(_ ids: [String], to group: String) throws {
        let body = ["data": ids.map { ["type": "device", "id": $0] }]
        for _ in 1...10 {
            let reply = try sim.call("POST", "/devicegroups/\(group)/relationships/devices", body: body, token: token)
            if reply.status != 429 {
                guard (200..<300).contains(reply.status) else { throw ProcessError(description: "assign failed \(reply)") }
                return
            }
            try sim.advance(seconds: 1)  // the next rate-limit window
        }
        throw ProcessError(description: "assign kept being rate limited")
    }

    /// A device as the API shows it, or nil when it does not exist.
    fileprivate func device(_ id: String) throws -> [String: Any]? {
        var reply = try sim.call("GET", "/devices/\(id)", token: token)
        for _ in 1...10 where reply.status == 429 {
            try sim.advance(seconds: 1)  // a test with --rate-limit: the next window
            reply = try sim.call("GET", "/devices/\(id)", token: token)
        }
        return reply.status == 200 ? (reply.json as? [String: Any])?["data"] as? [String: Any] : nil
    }

    /// The group a device is assigned to.
    fileprivate func group(of id: String) throws -> String? {
        ((try device(id)?["relationships"] as? [String: Any])?["devicegroup"] as? [String: Any])?["id"] as? String
    }

    /// Every device of the account, all pages.
    fileprivate func allDevices() throws -> [(id: String, name: String)] {
        var found: [(id: String, name: String)] = []
        for page in 1... {
            let reply = try sim.call("GET", "/devices?page[number]=\(page)&page[size]=100", token: token)
            let data = (reply.json as? [String: Any])?["data"] as? [[String: Any]] ?? []
            found += data.map { ($0["id"] as! String, ($0["attributes"] as? [String: Any])?["name"] as? String ?? "") }
            if data.count < 100 { break }
        }
        return found
    }

    /// Waits up to five seconds until a device has logged `text` `count` times.
    fileprivate func waitForLogs(_ id: String, _ text: String, count: Int) throws -> Bool {
        guard try sim.waitUntil("logs_written", subject: id, timeout: 5, { try logCount(id, text) >= count }) else { return false }
        return try logCount(id, text) == count
    }

    /// Log entries of a device whose message is `text`.
    fileprivate func logCount(_ id: String, _ text: String) throws -> Int {
        let reply = try sim.call("GET", "/devices/\(id)/logs?page[size]=100", token: token)
        let entries = (reply.json as? [String: Any])?["data"] as? [[String: Any]] ?? []
        return entries.filter { $0["msg"] as? String == text }.count
    }
}

extension Run {
    /// The `Device` objects of a json-mode result array.
    fileprivate var devices: [[String: Any]] {
        ((json as? [[String: Any]]) ?? []).compactMap { $0["Device"] as? [String: Any] }
    }

    fileprivate var deviceIDs: Set<String> { Set(devices.compactMap { $0["id"] as? String }) }
}

/// Lines joined with line ends, each ended.
private func text(_ lines: [String]) -> String {
    lines.map { $0 + "\n" }.joined()
}

/// Whether this impt offers the bulk service (impt.api/2), which stops fleet operations at Ctrl-C
/// and draws their progress line; an older host sends the requests five at a time without either.
private let confirmation = ["Are you sure you want to continue?", "Enter 'y' (yes) or 'n' (no): ", ""]

@Suite(.inProcess) struct DeviceCommandTests {
    // MARK: info and identification

    @Test func infoShowsEveryAttributeTheGroupAndTheProduct() throws {
        let world = try DeviceWorld()
        let id = try world.id("demo-device-1")
        let next = try world.scenario.sim.nextEvent()
        try world.scenario.assign(device: id, to: world.group)
        // The device boots onto the group's deployment.
        #expect(try world.scenario.sim.waitForEvent("device_booted", subject: id, after: next) != nil)
        let device = try #require(try world.scenario.device(id))
        let attributes = try #require(device["attributes"] as? [String: Any])
        let deployment = try world.scenario.sim.call("GET", "/deployments/\(world.build)", token: world.scenario.token).json
        let sha = try #require((((deployment as? [String: Any])?["data"] as? [String: Any])?["attributes"] as? [String: Any])?["sha"] as? String)
        let order = ["name", "agent_id", "agent_url", "device_online", "device_state_changed_at", "agent_running",
                     "agent_state_changed_at", "last_enrolled_at", "imp_type", "ip_address", "mac_address", "free_memory",
                     "rssi", "swversion", "plan_id"]
        func shown(_ key: String) -> String {
            switch attributes[key] {
            case let value as String: return value
            case let value as NSNumber where key == "device_online" || key == "agent_running": return value.boolValue ? "true" : "false"
            case let value as NSNumber: return value.stringValue
            default: return ""
            }
        }
        let pad = { (key: String) in key + ": " + String(repeating: " ", count: 23 - key.count) }
        let expected = ["Device: ", "  " + pad("id") + id] + order.map { "  " + pad($0) + shown($0) } + [
            "  Device Group: ",
            "    id:                 \(world.group)",
            "    type:               development",
            "    name:               DG1",
            "    Current Deployment: ",
            "      id:  \(world.build)",
            "      sha: \(sha)",
            "  Product: ",
            "    id:   \(world.product)",
            "    name: DevProduct",
        ]
        let run = try world.impt("device", "info", "-d", "demo-device-1")
        #expect(run.stdout == text(expected + ["IMPT COMMAND SUCCEEDS"]), "\(run)")
        #expect(try world.impt("device", "info", "-d", id, "-z", "minimal").stdout == text(expected))
        let json = try world.impt("device", "info", "--device", id, "--output", "json")
        let shownDevice = try #require((json.json as? [String: [String: Any]])?["Device"])
        #expect(shownDevice["id"] as? String == id && shownDevice["mac_address"] as? String == attributes["mac_address"] as? String)
        #expect(((shownDevice["Device Group"] as? [String: Any])?["Current Deployment"] as? [String: Any])?["id"] as? String == world.build)
        #expect(shownDevice["plan_id"] as? String == "" && shownDevice["Owner"] == nil)
        let debug = try world.impt("device", "info", "-d", id, "-z", "debug")
        #expect(debug.stdout.hasPrefix("Doing the request with options:\n") && debug.stdout.hasSuffix(text(expected + ["IMPT COMMAND SUCCEEDS"])))
    }

    @Test func devicesAreFoundByIdNameMacAddressInAnyFormAndAgentId() throws {
        let world = try DeviceWorld()
        let id = try world.id("demo-device-2")
        try world.scenario.assign(device: id, to: world.group)
        let mac = try #require(try world.scenario.attribute("mac_address", of: "/devices/\(id)") as? String)
        let agent = try #require(try world.scenario.attribute("agent_id", of: "/devices/\(id)") as? String)
        let bare = mac.replacingOccurrences(of: ":", with: "")
        let forms = [id, "demo-device-2", mac, mac.uppercased(), mac.replacingOccurrences(of: ":", with: "-"),
                     mac.uppercased().replacingOccurrences(of: ":", with: "-"), bare, bare.uppercased(), agent]
        for form in forms {
            let run = try world.impt("device", "info", "-d", form)
            #expect(run.status == 0 && run.lines[1] == "  id:                      \(id)", "\(form): \(run)")
            #expect(try world.impt("device", "restart", "-d", form).stdout
                == "Restart request for Device \"\(form)\" is successful.\nIMPT COMMAND SUCCEEDS\n")
        }
    }

    @Test func unknownAndAmbiguousDevicesChangeNothing() throws {
        let world = try DeviceWorld()
        let first = try world.scenario.newDevice("twin")
        let second = try world.scenario.newDevice("twin", online: false)
        let firstMAC = try #require(try world.scenario.attribute("mac_address", of: "/devices/\(first)") as? String)
        let secondMAC = try #require(try world.scenario.attribute("mac_address", of: "/devices/\(second)") as? String)
        let ambiguous = text([
            "Error: Multiple Devices \"twin\" are found:",
            "Device: ", "  id:            \(first)", "  name:          twin", "  mac_address:   \(firstMAC)", "  device_online: true",
            "Device: ", "  id:          \(second)", "  name:        twin", "  mac_address: \(secondMAC)",
            "Impossible to execute the command.", "IMPT COMMAND FAILS",
        ])
        for command in [["info"], ["assign", "-g", "DG1", "-q"], ["restart"], ["update", "-n", "x"], ["remove", "-q"]] {
            let run = try world.impt(["device", command[0], "-d", "twin"] + command.dropFirst())
            #expect(run.status == 1 && run.stdout == ambiguous, "\(command): \(run)")
            let unknown = try world.impt(["device", command[0], "-d", "nope"] + command.dropFirst())
            #expect(unknown.status == 1 && unknown.stdout == "Error: Device \"nope\" is not found.\nIMPT COMMAND FAILS\n", "\(unknown)")
        }
        #expect(try world.impt("device", "info", "-d", "twin", "-z", "json").stdout
            == "{\n  \"Error\": \"Multiple Devices \\\"twin\\\" are found:\"\n}\n")
        // Several devices: every identifier is checked before anything changes.
        let fleet = try world.impt("device", "assign", "-d", "demo-device-1", "-d", "twin", "-g", "DG1", "-q")
        #expect(fleet.status == 1 && fleet.stdout == ambiguous)
        let missing = try world.impt("device", "assign", "-d", "demo-device-1", "-d", "nope", "-d", "demo-device-3", "-g", "DG1", "-q")
        #expect(missing.stdout == "Error: Device \"nope\" is not found.\nIMPT COMMAND FAILS\n")
        for id in [first, second, try world.id("demo-device-1"), try world.id("demo-device-3")] {
            #expect(try world.scenario.group(of: id) == nil)
            #expect(try world.scenario.device(id) != nil)
        }
        #expect(try world.scenario.attribute("name", of: "/devices/\(first)") as? String == "twin")
    }

    @Test func emptyAndMissingDeviceOptionsAreUsageErrors() throws {
        let world = try DeviceWorld()
        let empty = try world.impt("device", "restart", "-d", "")
        #expect(empty.status == 1 && empty.lines[1] == "Usage: impt device restart --device <DEVICE_IDENTIFIER> [--conditional] [--log] [--no-reconnect] [--output <mode>] [--help]")
        #expect(Array(empty.lines.suffix(2)) == ["Error: Option \"--device\" must not be empty.", "IMPT COMMAND FAILS"])
        let missing = try world.impt("device", "info")
        #expect(Array(missing.lines.suffix(2)) == ["Error: Missing required argument: device", "IMPT COMMAND FAILS"])
        let twice = try world.impt("device", "info", "-d", "a", "-d", "b")
        #expect(Array(twice.lines.suffix(2)) == ["Error: Option \"--device\" must not be specified multiple times.", "IMPT COMMAND FAILS"])
        let usages = [
            "assign": "impt device assign --device <DEVICE_IDENTIFIER> [--dg <DEVICE_GROUP_IDENTIFIER>] [--confirmed] [--output <mode>] [--help]",
            "info": "impt device info --device <DEVICE_IDENTIFIER> [--output <mode>] [--help]",
            "list": "impt device list [--owner <ACCOUNT_IDENTIFIER>] [--product <PRODUCT_IDENTIFIER>] [--dg <DEVICE_GROUP_IDENTIFIER>] [--dg-type <device_group_type>] [--unassigned] [--assigned] [--online] [--offline] [--output <mode>] [--help]",
            "remove": "impt device remove --device <DEVICE_IDENTIFIER> [--force] [--confirmed] [--output <mode>] [--help]",
            "restart": "impt device restart --device <DEVICE_IDENTIFIER> [--conditional] [--log] [--no-reconnect] [--output <mode>] [--help]",
            "unassign": "impt device unassign --device <DEVICE_IDENTIFIER> [--unbond <unbond_key>] [--output <mode>] [--help]",
            "update": "impt device update --device <DEVICE_IDENTIFIER> --name <device_name> [--output <mode>] [--help]",
        ]
        for (command, usage) in usages {
            let help = try world.impt("device", command, "--help")
            #expect(help.status == 0 && help.lines[1] == "Usage: " + usage, "\(help)")
        }
        let aliases = try world.impt("device", "list", "-o", "me", "-p", "DevProduct", "-g", "DG1", "-y", "development", "-u", "-a", "-n", "-f")
        #expect(aliases.stdout == "No Devices are found.\nIMPT COMMAND SUCCEEDS\n")
    }

    // MARK: list

    @Test func listFiltersCombine() throws {
        let world = try DeviceWorld()
        let other = try world.sandbox.createProduct("OtherProduct")
        let secondGroup = try world.group("DG2", type: "development_devicegroup", product: other)
        let production = try world.group("Prod", type: "production_devicegroup", product: other)
        let ids = try (1...4).map { try world.id("demo-device-\($0)") }
        try world.scenario.assign(device: ids[0], to: world.group)
        try world.scenario.assign(device: ids[1], to: secondGroup)
        try world.scenario.assign(device: ids[2], to: production)
        func listed(_ options: String...) throws -> Set<String> {
            let run = try world.impt(["device", "list", "-z", "json"] + options)
            #expect(run.status == 0, "\(options): \(run)")
            return run.deviceIDs
        }
        let all = Set(ids)
        #expect(try listed() == all)
        #expect(try listed("--assigned") == Set(ids[0...2]))
        #expect(try listed("--unassigned") == [ids[3]])
        #expect(try listed("--assigned", "--unassigned") == all)
        #expect(try listed("--online") == Set(ids[0...2]))
        #expect(try listed("--offline") == [ids[3]])
        #expect(try listed("--online", "--offline") == all)
        #expect(try listed("--product", "DevProduct") == [ids[0]])
        #expect(try listed("-p", "DevProduct", "-p", other) == Set(ids[0...2]))
        #expect(try listed("--product", "OtherProduct", "--dg", "DG2") == [ids[1]])
        #expect(try listed("--dg", "DG1", "--dg", secondGroup) == [ids[0], ids[1]])
        #expect(try listed("--dg-type", "production") == [ids[2]])
        #expect(try listed("--dg-type", "development") == [ids[0], ids[1]])
        #expect(try listed("-y", "development", "-y", "production") == Set(ids[0...2]))
        #expect(try listed("--dg-type", "development", "--product", "OtherProduct") == [ids[1]])
        #expect(try listed("--owner", "me", "--online") == Set(ids[0...2]))
        #expect(try listed("--owner", "demo@example.com", "--owner", "demo") == all)
        #expect(try listed("--owner", "nobody") == [])
        #expect(try listed("--dg", "Nope") == [])
        #expect(try listed("--assigned", "--offline") == [])

        let mac = try #require(try world.scenario.attribute("mac_address", of: "/devices/\(ids[0])") as? String)
        let agent = try #require(try world.scenario.attribute("agent_id", of: "/devices/\(ids[0])") as? String)
        let run = try world.impt("device", "list", "--dg", "DG1")
        #expect(run.stdout == text([
            "Device list (1 items):", "Device: ", "  id:            \(ids[0])", "  name:          demo-device-1",
            "  mac_address:   \(mac)", "  agent_id:      \(agent)", "  device_online: true", "  Device Group: ",
            "    id:   \(world.group)", "    type: development", "    name: DG1", "IMPT COMMAND SUCCEEDS",
        ]))
        #expect(try world.impt("device", "list", "--dg", "DG1", "-z", "minimal").stdout == text(Array(run.lines.dropFirst().dropLast())))
        let offline = try world.impt("device", "list", "--offline")
        let offlineMAC = try #require(try world.scenario.attribute("mac_address", of: "/devices/\(ids[3])") as? String)
        #expect(offline.stdout == text([
            "Device list (1 items):", "Device: ", "  id:          \(ids[3])", "  name:        demo-device-4",
            "  mac_address: \(offlineMAC)", "IMPT COMMAND SUCCEEDS",
        ]))
        #expect(try world.impt("device", "list", "--owner", "nobody").stdout == "No Devices are found.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try world.impt("device", "list", "--owner", "nobody", "-z", "minimal").stdout == "")
        #expect(try world.impt("device", "list", "--owner", "nobody", "-z", "json").stdout == "[]\n")
        let debug = try world.impt("device", "list", "-z", "debug")
        #expect(debug.stdout.contains("/v5/devices?page%5Bnumber%5D=1&page%5Bsize%5D=100") && debug.lines.last == "IMPT COMMAND SUCCEEDS")
        let badType = try world.impt("device", "list", "--dg-type", "nope")
        #expect(badType.status == 1 && badType.lines.suffix(3) == [
            "Error: Invalid values:",
            "  Argument: dg-type, Given: \"nope\", Choices: \"development\", \"pre-factory\", \"pre-dut\", \"pre-production\", \"factory\", \"dut\", \"production\"",
            "IMPT COMMAND FAILS",
        ])
    }

    // MARK: assign

    @Test func assignAsksBeforeMovingADevice() throws {
        let world = try DeviceWorld()
        let id = try world.id("demo-device-1")
        let second = try world.group("DG2", type: "development_devicegroup")
        #expect(try world.impt("device", "assign", "-d", "demo-device-1", "-g", "DG1").stdout
            == "Device \"demo-device-1\" is assigned successfully to Device Group \"DG1\".\nIMPT COMMAND SUCCEEDS\n")
        #expect(try world.scenario.group(of: id) == world.group)
        #expect(try world.impt("device", "assign", "-d", id, "-g", world.group).stdout
            == "Device \"\(id)\" is already assigned to Device Group \"\(world.group)\".\nIMPT COMMAND SUCCEEDS\n")

        let question = ["Device \"demo-device-1\" is assigned to another Device Group. It will be reassigned to Device Group \"DG2\"."]
            + confirmation
        let declined = try world.impt("device", "assign", "-d", "demo-device-1", "-g", "DG2", stdin: "n\n")
        #expect(declined.status == 1 && declined.stdout == text(question + ["Operation is canceled.", "IMPT COMMAND FAILS"]))
        let ended = try world.impt("device", "assign", "-d", "demo-device-1", "-g", "DG2", stdin: "")
        #expect(ended.status == 1 && ended.stdout == declined.stdout)
        #expect(ended.stderr.contains("--confirmed"))
        #expect(try world.scenario.group(of: id) == world.group)
        let accepted = try world.impt("device", "assign", "-d", "demo-device-1", "-g", "DG2", stdin: "maybe\ny\n")
        #expect(accepted.stdout == text(Array(question.dropLast()) + [
            "", "Invalid value!", "Enter 'y' (yes) or 'n' (no): ", "",
            "Device \"demo-device-1\" is assigned successfully to Device Group \"DG2\".", "IMPT COMMAND SUCCEEDS",
        ]), "\(accepted)")
        #expect(try world.scenario.group(of: id) == second)
        #expect(try world.impt("device", "assign", "-d", "demo-device-1", "-g", "DG1", "-q", "-z", "json").stdout == "{}\n")
        #expect(try world.impt("device", "assign", "-d", "demo-device-1", "-g", "DG2", "--confirmed", "-z", "minimal").stdout == "")
        #expect(try world.scenario.group(of: id) == second)
    }

    @Test func assignTakesTheGroupFromTheProjectAndRefusesProductionGroups() throws {
        let world = try DeviceWorld()
        let noProject = try world.impt("device", "assign", "-d", "demo-device-2")
        #expect(noProject.stdout == "Error: No Device Group Identifier is specified.\nIMPT COMMAND FAILS\n")
        let project = ["deviceGroupId": world.group, "deviceFile": "device.nut", "agentFile": "agent.nut"]
        try JSONSerialization.data(withJSONObject: project).write(to: world.sandbox.file(".impt.project"))
        #expect(try world.impt("device", "assign", "-d", "demo-device-2").stdout
            == "Device \"demo-device-2\" is assigned successfully to Device Group \"\(world.group)\".\nIMPT COMMAND SUCCEEDS\n")
        #expect(try world.scenario.group(of: try world.id("demo-device-2")) == world.group)

        let production = try world.group("Prod", type: "production_devicegroup")
        let refused = try world.impt("device", "assign", "-d", "demo-device-3", "-g", "Prod", "-q")
        let message = "Devices can not be assigned to Device Group \"Prod\" of the type \"production\": production Devices join it only by blessing."
        #expect(refused.status == 1 && refused.stdout == "Error: \(message)\nIMPT COMMAND FAILS\n")
        let fleet = try world.impt("device", "assign", "-d", "demo-device-3", "-d", "demo-device-4", "-g", "Prod", "-q", "-z", "json")
        #expect(fleet.status == 1 && fleet.stdout == "{\n  \"Error\": \"\(message.replacingOccurrences(of: "\"", with: "\\\""))\"\n}\n")
        #expect(try world.scenario.group(of: try world.id("demo-device-3")) == nil)
        #expect(try world.scenario.group(of: try world.id("demo-device-4")) == nil)
        // A device already in the group (there by blessing) is simply reported.
        try world.scenario.assign(device: try world.id("demo-device-3"), to: production)
        #expect(try world.impt("device", "assign", "-d", "demo-device-3", "-g", "Prod").stdout
            == "Device \"demo-device-3\" is already assigned to Device Group \"Prod\".\nIMPT COMMAND SUCCEEDS\n")
    }

    // MARK: unassign, update, restart

    @Test func unassignSendsTheUnbondKey() throws {
        let world = try DeviceWorld()
        let id = try world.id("demo-device-1")
        try world.scenario.assign(device: id, to: world.group)
        #expect(try world.impt("device", "unassign", "-d", "demo-device-1").stdout
            == "Device \"demo-device-1\" is unassigned successfully.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try world.scenario.group(of: id) == nil)
        #expect(try world.impt("device", "unassign", "-d", "demo-device-1").stdout
            == "Device \"demo-device-1\" is already unassigned.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try world.impt("device", "unassign", "-d", id, "-z", "json").stdout == "{}\n")
        #expect(try world.impt("device", "unassign", "-d", id, "-z", "minimal").stdout == "")

        let production = try world.group("Prod", type: "production_devicegroup")
        try world.scenario.assign(device: id, to: production)
        let refusal = "Error: Invalid Permission: Removing devices from a production devicegroup requires the unbond key in the X-Electricimp-Key header.\nIMPT COMMAND FAILS\n"
        #expect(try world.impt("device", "unassign", "-d", id).stdout == refusal)
        #expect(try world.impt("device", "unassign", "-d", id, "--unbond", "").stdout == refusal)
        #expect(try world.scenario.group(of: id) == production)
        let debug = try world.impt("device", "unassign", "-d", id, "--unbond", "secret-unbond-key", "-z", "debug")
        #expect(debug.status == 0 && debug.stdout.contains("\"X-Electricimp-Key\": \"[hidden]\""))
        #expect(!debug.stdout.contains("secret-unbond-key"))
        #expect(debug.stdout.hasSuffix("Device \"\(id)\" is unassigned successfully.\nIMPT COMMAND SUCCEEDS\n"))
        #expect(try world.scenario.group(of: id) == nil)
        let control = try world.impt("device", "unassign", "-d", id, "-u", "a\r\nX-Injected: 1")
        #expect(control.status == 1 && control.lines.suffix(2) == ["Error: Option \"--unbond\" must not contain control characters.", "IMPT COMMAND FAILS"])
    }

    @Test func updateRenamesAndClearsTheName() throws {
        let world = try DeviceWorld()
        let id = try world.id("demo-device-1")
        #expect(try world.impt("device", "update", "-d", "demo-device-1", "--name", "kitchen").stdout
            == "Device \"demo-device-1\" is updated successfully.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try world.scenario.attribute("name", of: "/devices/\(id)") as? String == "kitchen")
        #expect(try world.impt("device", "update", "-d", "kitchen", "-n", "", "-z", "json").stdout == "{}\n")
        #expect((try world.scenario.attribute("name", of: "/devices/\(id)") as? String ?? "") == "")
        #expect(try world.impt("device", "update", "-d", id, "-n", "hall", "-z", "minimal").stdout == "")
        #expect(try world.scenario.attribute("name", of: "/devices/\(id)") as? String == "hall")
        let missing = try world.impt("device", "update", "-d", id)
        #expect(missing.status == 1 && missing.lines.suffix(2) == ["Error: Missing required argument: name", "IMPT COMMAND FAILS"])
    }

    @Test func restartAndConditionalRestart() throws {
        let world = try DeviceWorld()
        let id = try world.id("demo-device-1")
        try world.scenario.assign(device: id, to: world.group)
        #expect(try world.scenario.waitForLogs(id, "Device connected", count: 1))
        var boots = 1
        /// Runs a restart and checks that the device booted once more.
        func restart(_ arguments: String...) throws -> Run {
            let run = try world.impt(["device", "restart"] + arguments)
            boots += 1
            #expect(try world.scenario.waitForLogs(id, "Device connected", count: boots), "\(arguments)")
            return run
        }
        #expect(try restart("-d", "demo-device-1").stdout == "Restart request for Device \"demo-device-1\" is successful.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try restart("-d", id, "--conditional").stdout
            == "Conditional restart request for Device \"\(id)\" is successful.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try restart("-d", id, "-c", "-z", "json").stdout == "{}\n")
        #expect(try restart("-d", id, "-z", "minimal").stdout == "")
        let debug = try restart("-d", id, "-c", "-z", "debug")
        #expect(debug.stdout.contains("/v5/devices/\(id)/conditional_restart\"") && debug.lines.last == "IMPT COMMAND SUCCEEDS")
        let unknown = try world.impt("device", "restart", "-d", "0c:2a:69:ff:ff:ff")
        #expect(unknown.stdout == "Error: Device \"0c:2a:69:ff:ff:ff\" is not found.\nIMPT COMMAND FAILS\n")
    }

    // MARK: remove

    @Test func removeAsksAndRemoves() throws {
        let world = try DeviceWorld()
        let id = try world.id("demo-device-4")
        let mac = try #require(try world.scenario.attribute("mac_address", of: "/devices/\(id)") as? String)
        let summary = [
            "The following Devices will be removed from the account:",
            "Device: ", "  id:          \(id)", "  name:        demo-device-4", "  mac_address: \(mac)", "",
        ] + confirmation
        let declined = try world.impt("device", "remove", "-d", "demo-device-4", stdin: "n\n")
        #expect(declined.status == 1 && declined.stdout == text(summary + ["Operation is canceled.", "IMPT COMMAND FAILS"]))
        let ended = try world.impt("device", "remove", "-d", "demo-device-4", stdin: "")
        #expect(ended.status == 1 && ended.stdout.hasSuffix("\n\nOperation is canceled.\nIMPT COMMAND FAILS\n"))
        #expect(try world.scenario.device(id) != nil)
        let accepted = try world.impt("device", "remove", "-d", "demo-device-4", stdin: "y\n")
        #expect(accepted.stdout == text(summary + ["Device \"demo-device-4\" is removed successfully.", "IMPT COMMAND SUCCEEDS"]), "\(accepted)")
        #expect(try world.scenario.device(id) == nil)
        #expect(try world.impt("device", "remove", "-d", "demo-device-3", "-q", "-z", "json").stdout == "{}\n")
        #expect(try world.impt("device", "remove", "-d", "demo-device-2", "-q", "-z", "minimal").stdout == "")
        #expect(try world.scenario.allDevices().map(\.name) == ["demo-device-1"])
    }

    @Test func removingAnAssignedDeviceNeedsForce() throws {
        let world = try DeviceWorld()
        let id = try world.id("demo-device-1")
        try world.scenario.assign(device: id, to: world.group)
        let refused = try world.impt("device", "remove", "-d", "demo-device-1", "-q")
        #expect(refused.status == 1 && refused.stdout
            == "Error: Device Assigned: Cannot remove a device that is assigned to a devicegroup; unassign it first.\nIMPT COMMAND FAILS\n")
        #expect(try world.scenario.group(of: id) == world.group)
        let mac = try #require(try world.scenario.attribute("mac_address", of: "/devices/\(id)") as? String)
        let agent = try #require(try world.scenario.attribute("agent_id", of: "/devices/\(id)") as? String)
        let block = ["Device: ", "  id:            \(id)", "  name:          demo-device-1", "  mac_address:   \(mac)",
                     "  agent_id:      \(agent)", "  device_online: true", ""]
        let summary = ["The following Devices will be unassigned from Device Groups:"] + block
            + ["The following Devices will be removed from the account:"] + block + confirmation
        let declined = try world.impt("device", "remove", "-d", "demo-device-1", "--force", stdin: "n\n")
        #expect(declined.stdout == text(summary + ["Operation is canceled.", "IMPT COMMAND FAILS"]), "\(declined)")
        #expect(try world.scenario.group(of: id) == world.group)
        let forced = try world.impt("device", "remove", "-d", "demo-device-1", "-f", stdin: "y\n")
        #expect(forced.stdout == text(summary + [
            "Device \"demo-device-1\" is unassigned successfully.", "Device \"demo-device-1\" is removed successfully.",
            "IMPT COMMAND SUCCEEDS",
        ]), "\(forced)")
        #expect(try world.scenario.device(id) == nil)
    }

    // MARK: fleet operations

    @Test func fleetRestartReportsEveryDeviceInOrder() throws {
        let world = try DeviceWorld()
        let ids = try (1...3).map { try world.id("demo-device-\($0)") }
        let run = try world.impt("device", "restart", "-d", "demo-device-3", "-d", ids[0], "-d", "demo-device-2", "-d", "demo-device-1")
        #expect(run.stdout == text([
            "Restart request for Device \"demo-device-3\" is successful.", "Restart request for Device \"\(ids[0])\" is successful.",
            "Restart request for Device \"demo-device-2\" is successful.", "IMPT COMMAND SUCCEEDS",
        ]), "\(run)")
        let conditional = try world.impt("device", "restart", "-d", "demo-device-1", "-d", "demo-device-2", "-c", "-z", "json")
        #expect(conditional.stdout == """
            [
              {
                "Device": {
                  "id": "\(ids[0])",
                  "ref": "demo-device-1",
                  "result": "restarted"
                }
              },
              {
                "Device": {
                  "id": "\(ids[1])",
                  "ref": "demo-device-2",
                  "result": "restarted"
                }
              }
            ]

            """)
        #expect(try world.impt("device", "restart", "-d", ids[0], "-d", ids[1], "-z", "minimal").stdout == "")
    }

    @Test func fleetOfTwentyUnderARateLimitWithOneFailingDevice() throws {
        // Each bulk command below sends about 40 requests: at 25 a second each one meets the limit
        // once and waits for the next window (real time: impt's own wait is what is tested).
        let world = try DeviceWorld(["--demo", "--rate-limit", "25"])
        try world.scenario.sim.advance(seconds: 1)  // a fresh rate-limit window after the set-up
        let production = try world.group("Prod", type: "production_devicegroup")
        var ids: [String] = []
        for index in 1...20 { ids.append(try world.scenario.newDevice(String(format: "fleet-%02d", index))) }
        try world.scenario.assign(ids.enumerated().filter { $0.offset != 6 }.map(\.element), to: world.group)
        try world.scenario.assign([ids[6]], to: production)
        let arguments = ids.flatMap { ["-d", $0] }
        let firstEvent = try world.scenario.sim.nextEvent()
        let restart = try world.impt(["device", "restart"] + arguments)
        #expect(try world.scenario.sim.servedStatuses(after: firstEvent).contains(429), "the limit was met")
        #expect(restart.stdout == text(ids.map { "Restart request for Device \"\($0)\" is successful." } + ["IMPT COMMAND SUCCEEDS"]), "\(restart)")
        let json = try world.impt(["device", "restart", "-z", "json"] + arguments)
        #expect(json.devices.map { $0["id"] as? String } == ids && json.devices.allSatisfy { $0["result"] as? String == "restarted" })

        let refusal = "Invalid Permission: Removing devices from a production devicegroup requires the unbond key in the X-Electricimp-Key header."
        let unassign = try world.impt(["device", "unassign"] + arguments)
        #expect(unassign.status == 1)
        #expect(unassign.stdout == text(ids.enumerated().map { index, id in
            index == 6 ? "Error: Device \"\(id)\": \(refusal)" : "Device \"\(id)\" is unassigned successfully."
        } + ["Error: 1 of 20 Devices failed.", "IMPT COMMAND FAILS"]), "\(unassign)")
        for (index, id) in ids.enumerated() { #expect(try world.scenario.group(of: id) == (index == 6 ? production : nil)) }

        let again = try world.impt(["device", "unassign", "-z", "json"] + arguments)
        #expect(again.status == 1)
        let documents = again.stdout.components(separatedBy: "\n]\n")
        #expect(documents.count == 2 && documents[1] == "{\n  \"Error\": \"1 of 20 Devices failed.\"\n}\n", "\(again)")
        let results = ((try? JSONSerialization.jsonObject(with: Data((documents[0] + "\n]").utf8))) as? [[String: [String: String]]]) ?? []
        #expect(results.count == 20)
        for (index, result) in results.enumerated() {
            let expected: [String: String] = index == 6
                ? ["id": ids[6], "ref": ids[6], "result": "error", "error": refusal]
                : ["id": ids[index], "ref": ids[index], "result": "already_unassigned"]
            #expect(result["Device"] == expected)
        }
    }

    @Test func fleetAssignAsksOnceForEveryMove() throws {
        let world = try DeviceWorld()
        let ids = try (1...3).map { try world.id("demo-device-\($0)") }
        let second = try world.group("DG2", type: "development_devicegroup")
        try world.scenario.assign(device: ids[0], to: world.group)
        try world.scenario.assign(device: ids[1], to: world.group)
        try world.scenario.assign(device: ids[2], to: second)
        let question = [
            "Device \"demo-device-1\" is assigned to another Device Group. It will be reassigned to Device Group \"DG2\".",
            "Device \"demo-device-2\" is assigned to another Device Group. It will be reassigned to Device Group \"DG2\".",
        ] + confirmation
        let arguments = ["device", "assign", "-d", "demo-device-1", "-d", "demo-device-3", "-d", "demo-device-2", "-g", "DG2"]
        let declined = try world.impt(arguments, stdin: "n\n")
        #expect(declined.status == 1 && declined.stdout == text(question + ["Operation is canceled.", "IMPT COMMAND FAILS"]))
        #expect(try world.scenario.group(of: ids[0]) == world.group)
        let accepted = try world.impt(arguments, stdin: "y\n")
        #expect(accepted.stdout == text(question + [
            "Device \"demo-device-1\" is assigned successfully to Device Group \"DG2\".",
            "Device \"demo-device-3\" is already assigned to Device Group \"DG2\".",
            "Device \"demo-device-2\" is assigned successfully to Device Group \"DG2\".", "IMPT COMMAND SUCCEEDS",
        ]), "\(accepted)")
        for id in ids { #expect(try world.scenario.group(of: id) == second) }
        let json = try world.impt(["device", "assign", "-d", "demo-device-1", "-d", "demo-device-4", "-g", "DG2", "-z", "json"])
        #expect(json.devices.map { $0["result"] as? String } == ["already_assigned", "assigned"])
    }

    @Test func fleetRemoveSummarisesAndReportsEachDevice() throws {
        let world = try DeviceWorld()
        let ids = try (1...4).map { try world.id("demo-device-\($0)") }
        try world.scenario.assign(device: ids[1], to: world.group)
        let refused = try world.impt("device", "remove", "-d", "demo-device-1", "-d", "demo-device-2", "-d", "demo-device-3", "-q")
        #expect(refused.status == 1 && refused.stdout == text([
            "Device \"demo-device-1\" is removed successfully.",
            "Error: Device \"demo-device-2\": Device Assigned: Cannot remove a device that is assigned to a devicegroup; unassign it first.",
            "Device \"demo-device-3\" is removed successfully.", "Error: 1 of 3 Devices failed.", "IMPT COMMAND FAILS",
        ]), "\(refused)")
        #expect(try world.scenario.device(ids[0]) == nil && world.scenario.device(ids[2]) == nil)
        #expect(try world.scenario.group(of: ids[1]) == world.group)

        let mac2 = try #require(try world.scenario.attribute("mac_address", of: "/devices/\(ids[1])") as? String)
        let agent2 = try #require(try world.scenario.attribute("agent_id", of: "/devices/\(ids[1])") as? String)
        let mac4 = try #require(try world.scenario.attribute("mac_address", of: "/devices/\(ids[3])") as? String)
        let second = ["Device: ", "  id:            \(ids[1])", "  name:          demo-device-2", "  mac_address:   \(mac2)",
                      "  agent_id:      \(agent2)", "  device_online: true"]
        let fourth = ["Device: ", "  id:          \(ids[3])", "  name:        demo-device-4", "  mac_address: \(mac4)"]
        let summary = ["The following Devices will be unassigned from Device Groups:"] + second + [""]
            + ["The following Devices will be removed from the account:"] + second + fourth + [""] + confirmation
        let arguments = ["device", "remove", "-d", "demo-device-2", "-d", "demo-device-4", "--force"]
        let ended = try world.impt(arguments, stdin: "")
        #expect(ended.status == 1 && ended.stdout == text(summary + ["Operation is canceled.", "IMPT COMMAND FAILS"]), "\(ended)")
        #expect(try world.scenario.device(ids[3]) != nil)
        let accepted = try world.impt(arguments, stdin: "y\n")
        #expect(accepted.stdout == text(summary + [
            "Device \"demo-device-2\" is unassigned successfully.", "Device \"demo-device-2\" is removed successfully.",
            "Device \"demo-device-4\" is removed successfully.", "IMPT COMMAND SUCCEEDS",
        ]), "\(accepted)")
        #expect(try world.scenario.allDevices().isEmpty)
    }

    @Test func devicesFromStandardInput() throws {
        let world = try DeviceWorld()
        let ids = try (1...4).map { try world.id("demo-device-\($0)") }
        let listing = try world.impt("device", "list", "--online", "-z", "json")
        #expect(listing.deviceIDs == Set(ids[0...2]))
        let restart = try world.impt(["device", "restart", "-d", "-"], stdin: listing.stdout)
        #expect(restart.status == 0)
        #expect(Set(restart.lines.dropLast()) == Set(ids[0...2].map { "Restart request for Device \"\($0)\" is successful." }))
        #expect(restart.lines.last == "IMPT COMMAND SUCCEEDS")

        let lines = "demo-device-4\n\n# the kitchen\n  \(ids[1])  \r\n"
        let assign = try world.impt(["device", "assign", "-d", "demo-device-1", "-d", "-", "-g", "DG1", "-q"], stdin: lines)
        #expect(assign.stdout == text([
            "Device \"demo-device-1\" is assigned successfully to Device Group \"DG1\".",
            "Device \"demo-device-4\" is assigned successfully to Device Group \"DG1\".",
            "Device \"\(ids[1])\" is assigned successfully to Device Group \"DG1\".", "IMPT COMMAND SUCCEEDS",
        ]), "\(assign)")
        // One device read from standard input still answers with the json array.
        let single = try world.impt(["device", "unassign", "-d", "-", "-z", "json"], stdin: "[\"demo-device-4\"]")
        #expect(single.devices.map { $0["result"] as? String } == ["unassigned"])
        // The json of a fleet command can be fed to the next one.
        let chained = try world.impt(["device", "unassign", "-d", "-"], stdin: single.stdout)
        #expect(chained.stdout == "Device \"\(ids[3])\" is already unassigned.\nIMPT COMMAND SUCCEEDS\n")

        #expect(try world.impt(["device", "restart", "-d", "-"], stdin: "\n# nothing\n").stdout
            == "Error: No Device Identifier is specified.\nIMPT COMMAND FAILS\n")
        let broken = try world.impt(["device", "restart", "-d", "-"], stdin: "[{\"Device\": ")
        #expect(broken.stdout == "Error: Standard input is not valid JSON: give Device identifiers one per line, or the JSON of \"impt device list -z json\".\nIMPT COMMAND FAILS\n")
        let wrong = try world.impt(["device", "restart", "-d", "-"], stdin: "[{\"Product\": {\"id\": \"x\"}}]")
        #expect(wrong.stdout == "Error: Item 1 of the JSON on standard input names no Device (no \"Device\" with an \"id\").\nIMPT COMMAND FAILS\n")
        let unknown = try world.impt(["device", "unassign", "-d", "-"], stdin: "demo-device-1\nnope\n")
        #expect(unknown.stdout == "Error: Device \"nope\" is not found.\nIMPT COMMAND FAILS\n")
        #expect(try world.scenario.group(of: ids[0]) == world.group)
    }

    @Test func ctrlCStopsAFleetAndReportsWhatWasDone() throws {
        let world = try DeviceWorld(["--demo", "--latency", "400"])
        var ids: [String] = []
        for index in 1...20 { ids.append(try world.scenario.newDevice("slow-\(index)")) }
        let terminal = try Terminal(
            Build.impt, ["device", "restart"] + ids.flatMap { ["-d", $0] }, environment: world.sandbox.environment,
            directory: world.sandbox.work)
        terminal.read(until: "Restart request for Device")
        terminal.process.interrupt()
        let transcript = terminal.readToExit()
        #expect(terminal.waitForExit() == 1)
        let erase = "\u{1b}[2K\u{1b}[1G"
        #expect(transcript.contains("\(erase)Restarting Devices: 0/20"), "\(transcript.debugDescription)")
        let lines = transcript.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\u{1b}\\[2K\u{1b}\\[1G[A-Za-z]+ Devices: [0-9]+/20", with: "", options: .regularExpression)
            .replacingOccurrences(of: erase, with: "").split(separator: "\n").map(String.init)
        let done = lines.filter { $0.hasPrefix("Restart request") }
        #expect(done.count >= 1 && done.count < 20, "\(transcript.debugDescription)")
        #expect(lines == ids.prefix(done.count).map { "Restart request for Device \"\($0)\" is successful." } + [
            "Error: Interrupted: \(20 - done.count) of 20 Devices were not tried.", "IMPT COMMAND FAILS",
        ], "\(transcript.debugDescription)")
    }

    @Test func identifyingManyDevicesReadsTheDeviceListOnce() throws {
        let world = try DeviceWorld()
        let run = try world.impt("device", "restart", "-d", "demo-device-1", "-d", "demo-device-2", "-d", "demo-device-3", "-z", "debug")
        #expect(run.status == 0)
        let urls = run.lines.filter { $0.hasPrefix("  \"url\": ") }
        #expect(urls.filter { $0.contains("/v5/devices?page") }.count == 1, "\(run)")
        #expect(urls.filter { $0.hasSuffix("/restart\",") }.count == 3)
    }
}
