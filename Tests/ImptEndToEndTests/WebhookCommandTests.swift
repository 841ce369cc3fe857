import Foundation
import Testing

@Suite(.inProcess) struct WebhookCommandTests {
    /// A URL on loopback where nothing listens: the simulator records failed deliveries with their payload.
    static let deadURL = "http://127.0.0.1:1/hook"

    @Test func usageLinesAreTheOriginals() throws {
        let sandbox = try Sandbox()
        let expected = [
            "create": "[--dg <DEVICE_GROUP_IDENTIFIER>] --url <target_url> --event <triggered_event> --mime <content_type>",
            "delete": "--wh <webhook_id> [--confirmed]",
            "info": "--wh <webhook_id>",
            "list": "[--owner <ACCOUNT_IDENTIFIER>] [--product <PRODUCT_IDENTIFIER>] [--dg <DEVICE_GROUP_IDENTIFIER>] "
                + "[--dg-type <device_group_type>] [--url <target_url>] [--event <triggered_event>]",
            "update": "--wh <webhook_id> [--url <target_url>] [--mime <content_type>]",
        ]
        for (command, options) in expected {
            let help = try sandbox.impt("webhook", command, "--help")
            #expect(help.lines[1] == "Usage: impt webhook \(command) \(options) [--output <mode>] [--help]")
        }
        let create = try sandbox.impt("webhook", "create", "--help").lines
        for name in ["--dg, -g", "--url, -u", "--event, -e", "--mime, -m"] {
            #expect(create.contains { $0.hasPrefix("  \(name)  ") }, "\(name)")
        }
        // Tags may wrap: compare the help with its runs of spaces and line breaks collapsed.
        let flat = create.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(flat.contains("[string] [required] [choices: \"blessing\", \"blinkup\", \"deployment\"]"))
        #expect(flat.contains("[string] [required] [choices: \"json\", \"urlencoded\"]"))
        let group = try sandbox.impt("webhook", "--help")
        #expect(group.lines.prefix(4) == ["", "Usage: impt webhook <command> [options]", "", "Webhook manipulation commands."])
    }

    @Test func createInEveryOutputMode() throws {
        let world = try GroupWorld()
        let run = try world.impt("webhook", "create", "-g", "DG", "-u", "http://127.0.0.1:1/a", "-e", "deployment", "-m", "json")
        let first = try #require(try world.scenario.collection("/webhooks").first)
        let id = first["id"] as! String
        #expect(run.stdout == """
            Webhook "\(id)" is created successfully.
            Webhook: 
              id:    \(id)
              event: deployment
              url:   http://127.0.0.1:1/a
            IMPT COMMAND SUCCEEDS

            """)
        let attributes = try world.scenario.attributes("/webhooks/\(id)")
        #expect(attributes["content_type"] as? String == "application/json" && attributes["event"] as? String == "deployment")

        let minimal = try world.impt("webhook", "create", "--dg", world.group, "--url", "https://example.com/b", "--event", "blinkup",
                                     "--mime", "urlencoded", "-z", "minimal")
        let second = try #require(try world.scenario.collection("/webhooks").last?["id"] as? String)
        #expect(minimal.stdout == "Webhook: \n  id:    \(second)\n  event: blinkup\n  url:   https://example.com/b\n")
        #expect(try world.scenario.attributes("/webhooks/\(second)")["content_type"] as? String == "application/x-www-form-urlencoded")

        try world.sandbox.writeProject(group: world.group)
        let json = try world.impt("webhook", "create", "-u", "http://127.0.0.1:1/c", "-e", "blessing", "-m", "json", "-z", "json")
        let shown = try #require(json.object?["Webhook"] as? [String: String])
        #expect(shown.keys.sorted() == ["event", "id", "url"] && shown["event"] == "blessing")
        let relationships = try world.scenario.resource("/webhooks/\(shown["id"] ?? "")")?["relationships"] as? [String: [String: String]]
        #expect(relationships?["devicegroup"]?["id"] == world.group)
    }

    @Test func badInputCreatesNothing() throws {
        let world = try GroupWorld()
        for url in ["ftp://127.0.0.1/x", "127.0.0.1:1/x", "http://", "http:// space/x", "mailto:me@example.com"] {
            let run = try world.impt("webhook", "create", "-g", "DG", "-u", url, "-e", "deployment", "-m", "json")
            #expect(run.status == 1)
            #expect(run.stdout == "Error: Invalid URL: The provided URL is invalid.\nIMPT COMMAND FAILS\n", "\(url): \(run)")
            let json = try world.impt("webhook", "create", "-g", "DG", "-u", url, "-e", "deployment", "-m", "json", "-z", "json")
            #expect(json.stdout == "{\n  \"Error\": \"Invalid URL: The provided URL is invalid.\"\n}\n", "\(json)")
        }
        // The Device Group is looked up first, as the original sent the request only then.
        #expect(try world.impt("webhook", "create", "-g", "NoGroup", "-u", "ftp://x", "-e", "blinkup", "-m", "json").stdout
            == "Error: Device Group \"NoGroup\" is not found.\nIMPT COMMAND FAILS\n")
        let made = try world.impt("webhook", "create", "-g", "DG", "-u", Self.deadURL, "-e", "blinkup", "-m", "json", "-z", "json")
        let id = try #require((made.object?["Webhook"] as? [String: String])?["id"], "\(made)")
        for url in ["ftp://127.0.0.1/x", "http://", "not a url"] {
            let update = try world.impt("webhook", "update", "-w", id, "-u", url)
            #expect(update.stdout == "Error: Invalid URL: The provided URL is invalid.\nIMPT COMMAND FAILS\n", "\(url): \(update)")
        }
        #expect(try world.scenario.attributes("/webhooks/\(id)")["url"] as? String == Self.deadURL, "nothing was changed")
        _ = try world.impt("webhook", "delete", "-w", id, "-q")
        let event = try world.impt("webhook", "create", "-g", "DG", "-u", Self.deadURL, "-e", "reboot", "-m", "json")
        #expect(event.lines.suffix(3) == [
            "Error: Invalid values:", "  Argument: event, Given: \"reboot\", Choices: \"blessing\", \"blinkup\", \"deployment\"",
            "IMPT COMMAND FAILS",
        ])
        let mime = try world.impt("webhook", "create", "-g", "DG", "-u", Self.deadURL, "-e", "blinkup", "-m", "xml")
        #expect(mime.lines.suffix(3) == [
            "Error: Invalid values:", "  Argument: mime, Given: \"xml\", Choices: \"json\", \"urlencoded\"", "IMPT COMMAND FAILS",
        ])
        let missing = try world.impt("webhook", "create", "-g", "DG", "-u", Self.deadURL)
        #expect(missing.lines.suffix(2) == ["Error: Missing required arguments: event, mime", "IMPT COMMAND FAILS"])
        #expect(try world.impt("webhook", "create", "-g", "NoGroup", "-u", Self.deadURL, "-e", "blinkup", "-m", "json").stdout
            == "Error: Device Group \"NoGroup\" is not found.\nIMPT COMMAND FAILS\n")
        #expect(try world.impt("webhook", "create", "-u", Self.deadURL, "-e", "blinkup", "-m", "json").stdout
            == "Error: No Device Group Identifier is specified.\nIMPT COMMAND FAILS\n")
        #expect(try world.scenario.collection("/webhooks").isEmpty)

        let existing = try world.scenario.webhook(group: world.group, url: Self.deadURL, event: "blinkup")
        let update = try world.impt("webhook", "update", "-w", existing, "-u", "file:///etc/passwd")
        #expect(update.stdout == "Error: Invalid URL: The provided URL is invalid.\nIMPT COMMAND FAILS\n")
        let badMime = try world.impt("webhook", "update", "-w", existing, "-m", "text")
        #expect(badMime.lines.suffix(2).first == "  Argument: mime, Given: \"text\", Choices: \"json\", \"urlencoded\"")
        #expect(try world.scenario.attributes("/webhooks/\(existing)")["url"] as? String == Self.deadURL)
        #expect(try world.impt("webhook", "info", "-w", "nope").stdout == "Error: Webhook \"nope\" is not found.\nIMPT COMMAND FAILS\n")
    }

    @Test func deleteInJSONPrintsAnEmptyObject() throws {
        let world = try GroupWorld()
        let id = try world.scenario.webhook(group: world.group, url: Self.deadURL, event: "deployment")
        let deleted = try world.impt("webhook", "delete", "-w", id, "-q", "-z", "json")
        #expect(deleted.status == 0 && deleted.stdout == "{}\n", "\(deleted)")
        let gone = try world.impt("webhook", "info", "-w", id, "-z", "json")
        #expect(gone.status == 1, "\(gone)")
    }

    @Test func infoUpdateAndDelete() throws {
        let world = try GroupWorld()
        let id = try world.scenario.webhook(group: world.group, url: Self.deadURL, event: "deployment")
        let attributes = try world.scenario.attributes("/webhooks/\(id)")
        let info = try world.impt("webhook", "info", "--wh", id)
        #expect(info.lines == [
            "Webhook: ", "  id:           \(id)", "  url:          \(Self.deadURL)", "  event:        deployment",
            "  content_type: json", "  created_at:   \(attributes["created_at"] as! String)",
            "  updated_at:   \(attributes["updated_at"] as! String)", "  Device Group: ", "    id:   \(world.group)",
            "    type: development", "    name: DG", "  Product: ", "    id:   \(world.product)", "    name: P", "IMPT COMMAND SUCCEEDS",
        ])
        let json = try world.impt("webhook", "info", "-w", id, "-z", "json")
        #expect((json.object?["Webhook"] as? [String: Any])?["content_type"] as? String == "json")

        #expect(try world.impt("webhook", "update", "-w", id, "-m", "urlencoded").stdout
            == "Webhook \"\(id)\" is updated successfully.\nIMPT COMMAND SUCCEEDS\n")
        var updated = try world.scenario.attributes("/webhooks/\(id)")
        #expect(updated["content_type"] as? String == "application/x-www-form-urlencoded" && updated["url"] as? String == Self.deadURL)
        #expect(try world.impt("webhook", "update", "-w", id, "-u", "https://example.com/new", "-m", "json", "-z", "json").stdout == "{}\n")
        updated = try world.scenario.attributes("/webhooks/\(id)")
        #expect(updated["content_type"] as? String == "application/json" && updated["url"] as? String == "https://example.com/new")
        #expect(try world.impt("webhook", "info", "-w", id, "-z", "minimal").lines.contains("  content_type: json"))

        let declined = try world.impt("webhook", "delete", "-w", id, stdin: "n\n")
        #expect(declined.stdout == """
            The following entities will be deleted:
            Webhook: 
              id:    \(id)
              event: deployment
              url:   https://example.com/new

            Are you sure you want to continue?
            Enter 'y' (yes) or 'n' (no): 

            Operation is canceled.
            IMPT COMMAND FAILS

            """)
        #expect(try world.scenario.collection("/webhooks").count == 1)
        #expect(try world.impt("webhook", "delete", "-w", id, "-q").stdout == "Webhook \"\(id)\" is deleted successfully.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try world.scenario.collection("/webhooks").isEmpty)
        #expect(try world.impt("webhook", "delete", "-w", id, "-q").stdout == "Error: Webhook \"\(id)\" is not found.\nIMPT COMMAND FAILS\n")
        let missing = try world.impt("webhook", "delete")
        #expect(missing.lines.suffix(2) == ["Error: Missing required argument: wh", "IMPT COMMAND FAILS"])
    }

    @Test func listFilters() throws {
        let world = try GroupWorld()
        let scenario = world.scenario
        let production = try scenario.group(product: world.product, name: "Prod", type: "production_devicegroup")
        let otherProduct = try world.sandbox.createProduct("Q")
        let other = try scenario.group(product: otherProduct, name: "QG")
        let a = try scenario.webhook(group: world.group, url: "http://127.0.0.1:1/a", event: "deployment")
        let b = try scenario.webhook(group: production, type: "production_devicegroup", url: "http://127.0.0.1:1/b", event: "blessing")
        let c = try scenario.webhook(group: production, type: "production_devicegroup", url: "http://127.0.0.1:1/a", event: "blinkup")
        let d = try scenario.webhook(group: other, url: "http://127.0.0.1:1/d", event: "deployment")

        func ids(_ arguments: String...) throws -> [String] {
            let run = try world.sandbox.impt(["webhook", "list", "-z", "json"] + arguments)
            #expect(run.status == 0, "\(arguments): \(run)")
            return run.listedIDs("Webhook")
        }
        #expect(try ids() == [a, b, c, d])
        #expect(try ids("-g", "Prod") == [b, c])
        #expect(try ids("-g", "Prod", "-g", "DG") == [b, c, a])
        #expect(try ids("-p", "P") == [a, b, c])
        #expect(try ids("-p", "Q", "-p", "P") == [a, b, c, d])
        #expect(try ids("-o", "me") == [a, b, c, d])
        #expect(try ids("-o", "nobody") == [])
        #expect(try ids("-y", "production") == [b, c])
        #expect(try ids("-y", "development", "-e", "deployment") == [a, d])
        #expect(try ids("-u", "http://127.0.0.1:1/a") == [a, c])
        #expect(try ids("-u", "http://127.0.0.1:1/a", "-u", "http://127.0.0.1:1/d", "-p", "Q") == [d])
        #expect(try ids("-e", "blessing", "-e", "blinkup") == [b, c])
        #expect(try ids("-g", "NoGroup") == [])
        let text = try world.impt("webhook", "list", "-e", "blessing")
        #expect(text.stdout == """
            Webhook list (1 items):
            Webhook: 
              id:           \(b)
              event:        blessing
              url:          http://127.0.0.1:1/b
              Device Group: 
                id:   \(production)
                type: production
                name: Prod
            IMPT COMMAND SUCCEEDS

            """)
        #expect(try world.impt("webhook", "list", "-u", "http://none").stdout == "No Webhooks are found.\nIMPT COMMAND SUCCEEDS\n")
        let badEvent = try world.impt("webhook", "list", "-e", "boot")
        #expect(badEvent.lines.suffix(2).first == "  Argument: event, Given: \"boot\", Choices: \"blessing\", \"blinkup\", \"deployment\"")
    }

    /// Webhooks made with impt fire on a deployment made with impt, a BlinkUp and a blessing.
    @Test func deliveriesFollowDeploymentsBlinkUpsAndBlessings() throws {
        let world = try GroupWorld()
        let scenario = world.scenario
        let production = try scenario.group(product: world.product, name: "Prod", type: "production_devicegroup")
        let dut = try scenario.group(product: world.product, name: "DUT", type: "dut_devicegroup")
        _ = try scenario.group(
            product: world.product, name: "Factory", type: "factoryfixture_devicegroup",
            relationships: ["production_target": ["type": "production_devicegroup", "id": production],
                            "dut_target": ["type": "dut_devicegroup", "id": dut]])

        func create(_ group: String, _ url: String, _ event: String, _ mime: String) throws -> String {
            let run = try world.impt("webhook", "create", "-g", group, "-u", url, "-e", event, "-m", mime, "-z", "json")
            return try #require((run.object?["Webhook"] as? [String: String])?["id"])
        }
        let onDeployment = try create("DG", "http://127.0.0.1:1/deployed", "deployment", "json")
        let onBlinkUp = try create("DG", "http://127.0.0.1:1/blinkup", "blinkup", "urlencoded")
        let onBlessing = try create("Prod", "http://127.0.0.1:1/blessed", "blessing", "json")

        try world.sandbox.write("device.nut", "// fired\n")
        #expect(try world.impt("build", "deploy", "-g", "DG", "-x", "device.nut", "-t", "HOOKED").status == 0)
        let build = try #require(try scenario.deploymentIDs().first)
        let deployed = try scenario.deliveries(onDeployment, count: 1)
        #expect(deployed.count == 1)
        #expect(deployed.first?["event"] as? String == "deployment" && deployed.first?["url"] as? String == "http://127.0.0.1:1/deployed")
        let payload = try #require(try JSONSerialization.jsonObject(with: Data((deployed.first?["payload"] as? String ?? "").utf8)) as? [String: Any])
        #expect(payload["deployment_id"] as? String == build && payload["devicegroup_id"] as? String == world.group)
        #expect(payload["tags"] as? [String] == ["HOOKED"] && payload["webhook_id"] as? String == onDeployment)

        let device = try scenario.newDevice("fresh")
        let blinkup = try world.sim.call("POST", "/_sim/devices/\(device)/blinkup", body: ["devicegroup": world.group])
        #expect(blinkup.status == 200)
        let blinked = try scenario.deliveries(onBlinkUp, count: 1)
        #expect(blinked.first?["event"] as? String == "blinkup")
        let form = blinked.first?["payload"] as? String ?? ""
        #expect(form.contains("event=blinkup") && form.contains("device_id=\(device)") && form.contains("devicegroup_id=\(world.group)"))

        let unit = try scenario.newDevice("unit")
        try scenario.assign(device: unit, to: dut)
        #expect(try world.sim.call("POST", "/_sim/devices/\(unit)/bless", body: ["success": true]).status == 200)
        let blessed = try scenario.deliveries(onBlessing, count: 1)
        #expect(blessed.first?["event"] as? String == "blessing")
        let blessing = try #require(try JSONSerialization.jsonObject(with: Data((blessed.first?["payload"] as? String ?? "").utf8)) as? [String: Any])
        #expect(blessing["device_id"] as? String == unit && blessing["devicegroup_id"] as? String == production)
        #expect(blessing["success"] as? Bool == true)
        // Nothing else fired: one record per webhook.
        #expect(try scenario.deliveries(onDeployment, count: 2, timeout: 0.5).count == 1)
        #expect(try scenario.deliveries(onBlinkUp, count: 2, timeout: 0.5).count == 1)
    }
}
