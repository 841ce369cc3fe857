import Foundation
import Testing

/// `impt project`: every command and option in every output mode, the bad inputs of issue 12, the
/// original impt's project files, and the project defaults of the other groups.
@Suite(.inProcess) struct ProjectCommandTests {
    /// A logged-in sandbox with Product "P" and the demo devices.
    final class World {
        let sandbox: Sandbox
        let sim: Simulator
        let scenario: Scenario

        init() throws {
            sandbox = try Sandbox()
            sim = try Simulator()
            try sandbox.login(sim)
            scenario = try Scenario(sim)
            _ = try sandbox.createProduct("P")
        }

        @discardableResult
        func impt(_ arguments: String..., input: String? = nil) throws -> Run {
            try sandbox.impt(arguments, stdin: input)
        }

        var projectFile: URL { sandbox.file(".impt.project") }
        func read(_ name: String) throws -> String { try String(contentsOf: sandbox.file(name), encoding: .utf8) }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: sandbox.file(name).path) }
        func write(_ name: String, _ text: String) throws { try Data(text.utf8).write(to: sandbox.file(name)) }

        /// Names of the account's Device Groups, sorted.
        func groups() throws -> [String] {
            let list = try impt("dg", "list", "-z", "json")
            return ((list.json as? [[String: [String: Any]]]) ?? []).compactMap { $0["Device Group"]?["name"] as? String }.sorted()
        }

        func groupID(_ name: String) throws -> String {
            let run = try impt("dg", "info", "--dg", name, "-z", "json")
            return try #require(((run.json as? [String: [String: Any]])?["Device Group"]?["id"]) as? String)
        }
    }

    static func project(_ run: Run) -> [String: Any]? { (run.json as? [String: Any])?["Project"] as? [String: Any] }

    // MARK: create

    @Test func createInEveryOutputMode() throws {
        let world = try World()
        let json = try world.impt("project", "create", "-p", "P", "-n", "Json", "-x", "d.nut", "-y", "a.nut", "-z", "json")
        let project = try #require(Self.project(json))
        #expect(project["Device file"] as? String == "d.nut" && project["Agent file"] as? String == "a.nut")
        let group = try #require(project["Device Group"] as? [String: Any])
        #expect(group["type"] as? String == "development" && group["name"] as? String == "Json")
        #expect(group["description"] as? String == "" && group["region"] as? String == "")
        #expect(Array(project.keys).sorted() == ["Agent file", "Device Group", "Device file"])
        #expect(json.stdout.hasPrefix("{\n  \"Project\": {\n    \"Device file\": \"d.nut\",\n    \"Agent file\": \"a.nut\",\n"))
        #expect(try world.read(".impt.project")
            == "{\n  \"deviceGroupId\": \"\(group["id"] as! String)\",\n  \"deviceFile\": \"d.nut\",\n  \"agentFile\": \"a.nut\"\n}")
        #expect(try world.read("d.nut") == "" && world.read("a.nut") == "")

        let minimal = try world.impt("project", "create", "-p", "P", "-n", "Minimal", "-q", "-z", "minimal")
        #expect(minimal.lines.first == "Project: " && minimal.lines[1] == "  Device file:  device.nut")
        #expect(!minimal.stdout.contains("created successfully") && !minimal.stdout.contains("IMPT COMMAND"))

        let debug = try world.impt("project", "create", "-p", "P", "-n", "Debug", "-s", "about", "-q", "-z", "debug")
        #expect(debug.stdout.hasPrefix("Doing the request with options:\n"))
        #expect(debug.lines.contains("Device Group \"Debug\" is created successfully."))
        #expect(debug.stdout.contains("Project is created successfully.\nProject: \n  Device file:  device.nut\n"))
        #expect(debug.stdout.contains("    description: about\n") && debug.lines.last == "IMPT COMMAND SUCCEEDS")
    }

    @Test func createMakesAPreDUTGroupAndKeepsExistingSourceFiles() throws {
        let world = try World()
        try world.write("device.nut", "server.log(\"kept\");\n")
        let run = try world.impt("project", "create", "--product", "P", "--name", "Tests", "--pre-dut")
        #expect(run.lines.prefix(3) == ["Device Group \"Tests\" is created successfully.",
                                        "Agent source file \"agent.nut\" is created successfully.", "Project is created successfully."])
        #expect(run.stdout.contains("    type:        pre-dut\n"))
        #expect(try world.read("device.nut") == "server.log(\"kept\");\n")
    }

    @Test func createWithANewProductAndNewOrExistingTargets() throws {
        let world = try World()
        try world.impt("dg", "create", "-n", "Dut", "-y", "pre-dut", "-p", "P")
        let run = try world.impt("project", "create", "-p", "P", "-n", "Fixture", "-f", "-u", "Dut", "-w", "-t", "Prod", "-r")
        #expect(run.lines.prefix(2) == ["Device Group \"Prod\" is created successfully.", "Device Group \"Fixture\" is created successfully."])
        #expect(run.stdout.contains("    Production Target: \n      id:   ") && run.stdout.contains("      type: pre-dut\n      name: Dut\n"))
        let created = try world.impt("project", "create", "-p", "New", "-c", "-n", "G", "-q")
        #expect(created.lines.first == "Product \"New\" is created successfully.")
        #expect(created.stdout.contains("      name: New\n"))
    }

    @Test func createChecksItsOptions() throws {
        let world = try World()
        let lone = try world.impt("project", "create", "-p", "P", "-n", "G", "--pre-factory", "--dut", "D")
        #expect(lone.status == 1)
        #expect(Array(lone.lines.suffix(2)) == ["Error: Options \"--pre-factory\" and \"--target\" must be specified together.", "IMPT COMMAND FAILS"])
        #expect(lone.stdout.contains("Usage: impt project create --product <PRODUCT_IDENTIFIER> [--create-product] --name <device_group_name>"))
        let both = try world.impt("project", "create", "-p", "P", "-n", "G", "--pre-dut", "--pre-factory", "-t", "T", "-u", "D")
        #expect(both.lines.suffix(2).first == "Error: Options \"--pre-factory\" and \"--pre-dut\" are mutually exclusive.")
        let missing = try world.impt("project", "create", "-p", "Nope", "-n", "G")
        #expect(missing.stdout == "Error: Product \"Nope\" is not found.\nIMPT COMMAND FAILS\n" && missing.status == 1)
        let target = try world.impt("project", "create", "-p", "P", "-n", "G", "-f", "-t", "T", "-u", "D", "-w")
        #expect(target.stdout == "Error: Production Target Device Group \"T\" is not found.\nIMPT COMMAND FAILS\n")
        #expect(try world.groups().isEmpty && !world.exists(".impt.project") && !world.exists("device.nut"))
    }

    /// `--create-target` with the name of an existing group of another type: the original's error,
    /// and nothing is created (neither the DUT target it could create nor the group).
    @Test func createTargetWithAnExistingNameOfTheWrongType() throws {
        let world = try World()
        try world.impt("dg", "create", "-n", "Taken", "-p", "P")
        let run = try world.impt("project", "create", "-p", "P", "-n", "G", "-f", "-t", "Taken", "-r", "-u", "D", "-w", "-z", "json")
        #expect(run.status == 1)
        #expect(run.stdout == """
            {
              "Error": "Production Target Device Group \\"Taken\\" is of the type \\"development\\" but must be of the type \\"pre-production\\"."
            }

            """)
        #expect(try world.groups() == ["Taken"] && !world.exists(".impt.project") && !world.exists("device.nut"))
        try world.impt("product", "create", "-n", "Other")
        try world.impt("dg", "create", "-n", "Elsewhere", "-y", "pre-production", "-p", "Other")
        let other = try world.impt("project", "create", "-p", "P", "-n", "G", "-f", "-t", "Elsewhere", "-r", "-u", "D", "-w")
        #expect(other.stdout == "Error: Production Target Device Group must be from the same Product.\nIMPT COMMAND FAILS\n")
        #expect(try world.groups() == ["Elsewhere", "Taken"])
    }

    @Test func anExistingProjectIsReplacedOnlyAfterConfirmation() throws {
        let world = try World()
        try world.impt("project", "create", "-p", "P", "-n", "First")
        let before = try world.read(".impt.project")
        let refused = try world.impt("project", "create", "-p", "P", "-n", "Second", input: "n\n")
        #expect(refused.status == 1)
        #expect(refused.stdout == """
            The current directory already contains Project File. It will be overwritten.
            Are you sure you want to continue?
            Enter 'y' (yes) or 'n' (no): 

            Operation is canceled.
            IMPT COMMAND FAILS

            """)
        #expect(try world.read(".impt.project") == before && world.groups() == ["First"])
        let linkRefused = try world.impt("project", "link", "-g", "First", "-z", "json", input: "n\n")
        #expect(linkRefused.stdout.hasSuffix("(no): \n\n{}\n") && linkRefused.status == 1)
        let accepted = try world.impt("project", "create", "-p", "P", "-n", "Second", input: "y\n")
        #expect(accepted.lines.prefix(5) == ["The current directory already contains Project File. It will be overwritten.",
                                             "Are you sure you want to continue?", "Enter 'y' (yes) or 'n' (no): ", "",
                                             "Device Group \"Second\" is created successfully."])
        #expect(try world.read(".impt.project").contains(world.groupID("Second")))
    }

    // MARK: link

    @Test func linkAcceptsProjectGroupTypesOnly() throws {
        let world = try World()
        try world.impt("dg", "create", "-n", "Dev", "-p", "P")
        try world.impt("dg", "create", "-n", "PreDut", "-y", "pre-dut", "-p", "P")
        try world.impt("dg", "create", "-n", "PreProd", "-y", "pre-production", "-p", "P")
        let run = try world.impt("project", "link", "--dg", "Dev", "--device-file", "app.device.nut")
        #expect(run.lines.prefix(5) == ["Device source file \"app.device.nut\" is created successfully.",
                                        "Agent source file \"agent.nut\" is created successfully.", "Project is linked successfully.",
                                        "Project: ", "  Device file:  app.device.nut"])
        let json = try world.impt("project", "link", "-g", "PreDut", "-q", "-z", "json")
        #expect((Self.project(json)?["Device Group"] as? [String: Any])?["type"] as? String == "pre-dut")
        let minimal = try world.impt("project", "link", "-g", "Dev", "-q", "-z", "minimal")
        #expect(minimal.lines.first == "Project: ")
        let wrong = try world.impt("project", "link", "-g", "PreProd", "-q")
        #expect(wrong.status == 1)
        #expect(wrong.stdout == "Error: Project can not be linked to Device Group of the type \"pre-production\". "
            + "Only \"development\", \"pre-factory\" or \"pre-dut\" Device Groups are allowed.\nIMPT COMMAND FAILS\n")
        #expect(try world.read(".impt.project").contains(world.groupID("Dev")))
        let unknown = try world.impt("project", "link", "-g", "Nope", "-q")
        #expect(unknown.stdout == "Error: Device Group \"Nope\" is not found.\nIMPT COMMAND FAILS\n")
    }

    // MARK: update

    @Test func updateChangesTheGroupAndTheFiles() throws {
        let world = try World()
        try world.impt("project", "create", "-p", "P", "-n", "Fixture", "-f", "-t", "Prod", "-r", "-u", "Dut", "-w")
        try world.impt("dg", "create", "-n", "Prod2", "-y", "pre-production", "-p", "P")
        try world.impt("dg", "create", "-n", "Dut2", "-y", "pre-dut", "-p", "P")
        let id = try world.groupID("Fixture")
        let run = try world.impt("project", "update", "-n", "Renamed", "-s", "New text", "-x", "d2.nut", "-t", "Prod2", "-u", "Dut2")
        #expect(run.lines.prefix(4) == ["Device Group \"\(id)\" is updated successfully.", "Device source file \"d2.nut\" is created successfully.",
                                        "Project is updated successfully.", "Project: "])
        #expect(run.stdout.contains("    name:              Renamed\n    description:       New text\n"))
        #expect(run.stdout.contains("      name: Prod2\n") && run.stdout.contains("      name: Dut2\n"))
        #expect(try world.read(".impt.project").contains("\"deviceFile\": \"d2.nut\""))
        let files = try world.impt("project", "update", "--agent-file", "a2.nut", "-z", "json")
        #expect(Self.project(files)?["Agent file"] as? String == "a2.nut" && world.exists("a2.nut"))
        let nothing = try world.impt("project", "update", "-z", "minimal")
        #expect(nothing.lines.first == "Project: " && nothing.status == 0)
        let bad = try world.impt("project", "update", "-t", "Dut2")
        #expect(bad.stdout == "Error: Production Target Device Group \"Dut2\" is of the type \"pre-dut\" but must be of the type \"pre-production\".\nIMPT COMMAND FAILS\n")
        let dev = try World()
        try dev.impt("project", "create", "-p", "P", "-n", "Dev")
        let misuse = try dev.impt("project", "update", "-t", "X")
        #expect(misuse.stdout == "Error: Invalid option \"--target\" for Device Group of the type \"development\". "
            + "It may be specified for \"pre-factory\" or \"factory\" Device Groups only.\nIMPT COMMAND FAILS\n")
    }

    // MARK: info

    @Test func infoShowsTheProjectAndWithFullTheDevicesAndAuth() throws {
        let world = try World()
        try world.impt("project", "create", "-p", "P", "-n", "G")
        try world.impt("device", "assign", "-d", "demo-device-1")
        let info = try world.impt("project", "info")
        #expect(info.lines.prefix(3) == ["Project: ", "  Device file:  device.nut", "  Agent file:   agent.nut"])
        #expect(!info.stdout.contains("Devices") && info.lines.last == "IMPT COMMAND SUCCEEDS")
        let full = try world.impt("project", "info", "--full")
        #expect(full.stdout.contains("    Devices: \n      Device: \n        id:            "))
        #expect(full.stdout.contains("\nAuth: \n  Auth type:                 Global Auth file\n  impCentral API endpoint:   \(world.sim.baseURL)\n"))
        #expect(full.stdout.contains("  Username:                  demo\n"))
        let json = try world.impt("project", "info", "-u", "-z", "json")
        #expect((json.json as? [String: Any]).map { Array($0.keys).sorted() } == ["Auth", "Project"])
        #expect(try world.impt("project", "info", "-z", "minimal").lines.first == "Project: ")
        let debug = try world.impt("project", "info", "-z", "debug")
        #expect(debug.stdout.hasPrefix("Doing the request with options:\n") && debug.stdout.contains("\nProject: \n"))
        #expect(!full.stdout.contains("Bearer") && !json.stdout.contains("accessToken"))
    }

    @Test func missingCorruptedAndOutdatedProjectFiles() throws {
        let world = try World()
        let none = try world.impt("project", "info")
        #expect(none.stdout == "Error: Project File is not found in the current directory.\nIMPT COMMAND FAILS\n" && none.status == 1)
        try world.write(".impt.project", "not json {")
        for command in [["project", "info"], ["project", "update", "-n", "X"], ["project", "delete", "-q"], ["project", "delete", "--all", "-q"],
                        ["dg", "info"], ["build", "deploy"]] {
            let run = try world.sandbox.impt(command)
            #expect(run.stdout == "Error: Project File is corrupted.\nIMPT COMMAND FAILS\n" && run.status == 1, "\(command)")
        }
        #expect(try world.read(".impt.project") == "not json {")

        try world.impt("project", "create", "-p", "P", "-n", "Gone", "-q")
        let id = try world.groupID("Gone")
        try world.impt("dg", "delete", "-g", "Gone", "-q")
        let outdated = try world.impt("project", "info")
        #expect(outdated.stdout == """
            Error: Device Group "\(id)", saved in Project File, does not exist anymore.
            Impossible to execute the command.
            Use "impt project delete" command to delete the outdated Project.
            IMPT COMMAND FAILS

            """)
        #expect(try world.impt("project", "update", "-s", "x").stdout == outdated.stdout)
        #expect(try world.impt("build", "run").stdout == outdated.stdout)
        #expect(world.exists(".impt.project") && world.exists("device.nut"))
        // The outdated Project goes with its files; the missing group is not an error.
        let delete = try world.impt("project", "delete", "--all", "-q")
        #expect(delete.stdout == "Device/agent source files \"device.nut\", \"agent.nut\" are deleted successfully.\n"
            + "Project is deleted successfully.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try world.impt("project", "delete").stdout == "There is no Project File in the current directory.\nIMPT COMMAND SUCCEEDS\n")
    }

    // MARK: delete

    @Test func deleteAnsweredNoLosesNothing() throws {
        let world = try World()
        try world.impt("project", "create", "-p", "P", "-n", "G", "-s", "kept")
        try world.write("device.nut", "// my code\n")
        let run = try world.impt("project", "delete", "--all", input: "n\n")
        #expect(run.status == 1)
        #expect(run.lines.prefix(2) == ["The following entities will be deleted:", "Product: "])
        #expect(Array(run.lines.suffix(6)) == ["Project File in the current directory will be deleted.", "Are you sure you want to continue?",
                                               "Enter 'y' (yes) or 'n' (no): ", "", "Operation is canceled.", "IMPT COMMAND FAILS"])
        #expect(try world.read("device.nut") == "// my code\n" && world.exists("agent.nut") && world.exists(".impt.project"))
        #expect(try world.groups() == ["G"])
        #expect(try world.impt("product", "info", "-p", "P").status == 0)
    }

    @Test func deleteLevels() throws {
        let world = try World()
        try world.impt("project", "create", "-p", "P", "-n", "G")
        let plain = try world.impt("project", "delete", input: "y\n")
        #expect(plain.stdout == """
            Project File in the current directory will be deleted.
            Are you sure you want to continue?
            Enter 'y' (yes) or 'n' (no): 

            Project is deleted successfully.
            IMPT COMMAND SUCCEEDS

            """)
        #expect(world.exists("device.nut") && !world.exists(".impt.project"))
        try world.impt("project", "link", "-g", "G")
        let files = try world.impt("project", "delete", "-f", "-q", "-z", "json")
        #expect(files.stdout == "{}\n" && !world.exists("device.nut") && !world.exists("agent.nut"))
        try world.impt("project", "link", "-g", "G")
        try world.impt("dg", "create", "-n", "Other", "-p", "P")
        let id = try world.groupID("G")
        let entities = try world.impt("project", "delete", "--entities", "-q")
        // Another group stays in the Product, so the Product stays too.
        #expect(entities.stdout == "Device Group \"\(id)\" is deleted successfully.\nProject is deleted successfully.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try world.groups() == ["Other"] && world.exists("device.nut"))
        let minimal = try World()
        try minimal.impt("project", "create", "-p", "P", "-n", "G")
        #expect(try minimal.impt("project", "delete", "-a", "-q", "-z", "minimal").stdout == "")
        #expect(try minimal.impt("product", "list", "-z", "json").stdout == "[]\n")
    }

    /// The production and DUT targets go only when no other group of the Product uses them.
    @Test func deleteKeepsSharedTargets() throws {
        let world = try World()
        try world.impt("project", "create", "-p", "P", "-n", "F1", "-f", "-t", "Prod", "-r", "-u", "Dut", "-w")
        try world.impt("dg", "create", "-n", "F2", "-y", "pre-factory", "-p", "P", "-t", "Prod", "-u", "Dut")
        let id = try world.groupID("F1")
        let run = try world.impt("project", "delete", "-e", "-q")
        #expect(run.stdout == "Device Group \"\(id)\" is deleted successfully.\nProject is deleted successfully.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try world.groups() == ["Dut", "F2", "Prod"])
    }

    // MARK: Compatibility with the original impt

    /// A project file as the original impt writes it, with its builder settings: every command
    /// reads it, and rewriting it keeps the foreign keys in place.
    @Test func originalProjectFilesWorkBothWays() throws {
        let world = try World()
        try world.impt("dg", "create", "-n", "G", "-p", "P")
        let id = try world.groupID("G")
        let original = """
            {
              "deviceGroupId": "\(id)",
              "deviceFile": "app.device.nut",
              "agentFile": "app.agent.nut",
              "builderSettings": {
                "variable_definitions": {
                  "DEBUG": "1"
                },
                "github_user": null
              }
            }
            """
        try world.write(".impt.project", original)
        try world.write("app.device.nut", "server.log(\"device\");\n")
        try world.write("app.agent.nut", "server.log(\"agent\");\n")
        let info = try world.impt("project", "info")
        #expect(info.lines.prefix(3) == ["Project: ", "  Device file:  app.device.nut", "  Agent file:   app.agent.nut"])
        #expect(try world.impt("build", "deploy").lines.first?.hasPrefix("Deployment \"") == true)
        try world.impt("project", "update", "-y", "other.agent.nut")
        #expect(try world.read(".impt.project") == original.replacingOccurrences(of: "app.agent.nut", with: "other.agent.nut"))
    }

    /// Every command that takes a Project default uses it (reference §9.3).
    @Test func otherGroupsUseTheProjectDefaults() throws {
        let world = try World()
        try world.impt("project", "create", "-p", "P", "-n", "G")
        let id = try world.groupID("G")
        try world.write("device.nut", "server.log(\"hello\");\n")
        #expect(try world.impt("dg", "info", "-z", "json").stdout.contains("\"id\": \"\(id)\""))
        #expect(try world.impt("product", "info", "-z", "json").stdout.contains("\"name\": \"P\""))
        #expect(try world.impt("device", "assign", "-d", "demo-device-1").stdout
            == "Device \"demo-device-1\" is assigned successfully to Device Group \"\(id)\".\nIMPT COMMAND SUCCEEDS\n")
        let run = try world.impt("build", "run")
        #expect(run.lines.contains("Restart request for Devices assigned to Device Group \"\(id)\" is successful:"))
        let build = try #require(run.lines.first?.split(separator: "\"")[1])
        #expect(try world.impt("build", "info", "-z", "json").stdout.contains("\"id\": \"\(build)\""))
        #expect(try world.read("device.nut") == "server.log(\"hello\");\n")
        #expect(try world.impt("dg", "restart").lines.first == "Restart request for Devices assigned to Device Group \"\(id)\" is successful:")
        #expect(try world.impt("webhook", "create", "--url", "http://127.0.0.1:9/x", "--event", "deployment", "--mime", "json").status == 0)
        #expect(try world.impt("log", "get", "--page-number", "1").status == 0)
        try world.impt("dg", "create", "-n", "Other", "-p", "P")
        #expect(try world.impt("dg", "reassign", "--from", "Other").lines.first == "Device Group \"Other\" does not have assigned Devices.")
        #expect(try world.impt("dg", "unassign").lines.first == "The following Devices are unassigned successfully from Device Group \"\(id)\":")
    }

    /// The usage lines are the original's (create also has the v2 guide's `--pre-dut`).
    @Test func usageLines() throws {
        let sandbox = try Sandbox()
        let expected = [
            "create": "impt project create --product <PRODUCT_IDENTIFIER> [--create-product] --name <device_group_name> "
                + "[--descr <device_group_description>] [--device-file <device_file>] [--agent-file <agent_file>] [--pre-factory] "
                + "[--pre-dut] [--dut <DEVICE_GROUP_IDENTIFIER>] [--create-dut] [--target <DEVICE_GROUP_IDENTIFIER>] [--create-target] "
                + "[--confirmed] [--output <mode>] [--help]",
            "delete": "impt project delete [--entities] [--files] [--all] [--confirmed] [--output <mode>] [--help]",
            "info": "impt project info [--full] [--output <mode>] [--help]",
            "link": "impt project link --dg <DEVICE_GROUP_IDENTIFIER> [--device-file <device_file>] [--agent-file <agent_file>] "
                + "[--confirmed] [--output <mode>] [--help]",
            "update": "impt project update [--name <device_group_name>] [--descr <device_group_description>] "
                + "[--device-file <device_file>] [--agent-file <agent_file>] [--dut <DEVICE_GROUP_IDENTIFIER>] "
                + "[--target <DEVICE_GROUP_IDENTIFIER>] [--output <mode>] [--help]",
        ]
        for (command, usage) in expected {
            let run = try sandbox.impt("project", command, "--help")
            #expect(run.lines.prefix(2) == ["", "Usage: " + usage] && run.status == 0, "\(command)")
        }
        let group = try sandbox.impt("project", "--help")
        #expect(group.lines.prefix(2) == ["", "Usage: impt project <command> [options]"])
        for command in ["create", "delete", "info", "link", "update"] {
            #expect(group.stdout.contains("\n  impt project \(command) "), "\(command)")
        }
    }
}
