import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(.inProcess) struct BuildCommandTests {
    @Test func usageLinesAreTheOriginals() throws {
        let sandbox = try Sandbox()
        let expected = [
            "cleanup": "[--product <PRODUCT_IDENTIFIER>] [--unflag] [--confirmed]",
            "copy": "[--build <BUILD_IDENTIFIER>] --dg <DEVICE_GROUP_IDENTIFIER> [--all]",
            "delete": "--build <BUILD_IDENTIFIER> [--force] [--confirmed]",
            "deploy": "[--dg <DEVICE_GROUP_IDENTIFIER>] [--device-file <device_file>] [--agent-file <agent_file>] "
                + "[--descr <build_description>] [--origin <origin>] [--tag <tag>] [--flagged [true|false]]",
            "get": "[--build <BUILD_IDENTIFIER>] [--device-file <device_file>] [--agent-file <agent_file>] [--device-only] "
                + "[--agent-only] [--confirmed]",
            "info": "[--build <BUILD_IDENTIFIER>]",
            "list": "[--owner <ACCOUNT_IDENTIFIER>] [--product <PRODUCT_IDENTIFIER>] [--dg <DEVICE_GROUP_IDENTIFIER>] "
                + "[--dg-type <device_group_type>] [--sha <deployment_sha>] [--tag <tag>] [--flagged] [--unflagged] "
                + "[--non-zombie] [--zombie]",
            "run": "[--dg <DEVICE_GROUP_IDENTIFIER>] [--device-file <device_file>] [--agent-file <agent_file>] "
                + "[--descr <build_description>] [--origin <origin>] [--tag <tag>] [--flagged [true|false]] [--conditional] [--log] "
                + "[--no-reconnect] [--watch]",
            "update": "[--build <BUILD_IDENTIFIER>] [--descr <build_description>] [--tag <tag>] [--remove-tag <tag>] "
                + "[--flagged [true|false]]",
        ]
        for (command, options) in expected {
            let help = try sandbox.impt("build", command, "--help")
            #expect(help.lines[1] == "Usage: impt build \(command) \(options) [--output <mode>] [--help]")
        }
        let group = try sandbox.impt("build", "--help")
        #expect(group.lines.prefix(4) == ["", "Usage: impt build <command> [options]", "", "Build manipulation commands."])
        let aliases = [
            "cleanup": ["--product, -p", "--unflag, -u", "--confirmed, -q"],
            "copy": ["--build, -b", "--dg, -g", "--all, -a"],
            "delete": ["--build, -b", "--force, -f", "--confirmed, -q"],
            "deploy": ["--dg, -g", "--device-file, -x", "--agent-file, -y", "--descr, -s", "--origin, -o", "--tag, -t", "--flagged, -f"],
            "get": ["--build, -b", "--device-file, -x", "--agent-file, -y", "--device-only, -i", "--agent-only, -j", "--confirmed, -q"],
            "info": ["--build, -b"],
            "list": ["--owner, -o", "--product, -p", "--dg, -g", "--dg-type, -y", "--sha, -s", "--tag, -t", "--flagged, -f",
                     "--unflagged, -u", "--non-zombie, -n", "--zombie, -m"],
            "run": ["--dg, -g", "--device-file, -x", "--agent-file, -y", "--descr, -s", "--origin, -o", "--tag, -t", "--flagged, -f",
                    "--conditional, -c"],
            "update": ["--build, -b", "--descr, -s", "--tag, -t", "--remove-tag, -r", "--flagged, -f"],
        ]
        for (command, names) in aliases {
            let help = try sandbox.impt("build", command, "--help").lines
            for name in names {
                #expect(help.contains { $0.hasPrefix("  \(name)  ") || $0 == "  \(name)" }, "\(command) \(name)")
            }
        }
    }

    @Test func deployInEveryOutputMode() throws {
        let world = try GroupWorld()
        try world.sandbox.write("device.nut", "server.log(\"device\");\n")
        try world.sandbox.write("agent.nut", "server.log(\"agent\");\n")
        let run = try world.impt(
            "build", "deploy", "-g", "DG", "-x", "device.nut", "-y", "agent.nut", "-s", "first build", "-o", "git@example:x",
            "-t", "T1", "--tag", "T2", "--flagged")
        let id = try #require(try world.scenario.deploymentIDs().first)
        let attributes = try world.scenario.attributes("/deployments/\(id)")
        let sha = try #require(attributes["sha"] as? String)
        #expect(run.stdout == """
            Deployment "\(id)" is created successfully.
            Deployment: 
              id:      \(id)
              sha:     \(sha)
              tags:    T1, T2
              origin:  git@example:x
              flagged: true
            IMPT COMMAND SUCCEEDS

            """)
        #expect(attributes["device_code"] as? String == "server.log(\"device\");\n")
        #expect(attributes["agent_code"] as? String == "server.log(\"agent\");\n")
        #expect(attributes["description"] as? String == "first build")
        #expect(attributes["tags"] as? [String] == ["T1", "T2"])
        #expect(attributes["flagged"] as? Bool == true)

        let minimal = try world.impt("build", "deploy", "-g", "DG", "-x", "device.nut", "-y", "agent.nut", "-z", "minimal")
        let second = try #require(try world.scenario.deploymentIDs().last)
        #expect(minimal.stdout == "Deployment: \n  id:  \(second)\n  sha: \(sha)\n")
        #expect(try world.scenario.attributes("/deployments/\(second)")["flagged"] as? Bool == false)

        let json = try world.impt("build", "deploy", "-g", "DG", "-x", "device.nut", "-t", "J", "-f", "false", "-s", "", "-z", "json")
        let shown = try #require(json.object?["Deployment"] as? [String: Any])
        #expect(shown.keys.sorted() == ["id", "sha", "tags"] && shown["tags"] as? [String] == ["J"])

        let debug = try world.impt("build", "deploy", "-g", "DG", "-x", "device.nut", "-z", "debug")
        #expect(debug.stdout.hasPrefix("--agent-file option is not specified, empty agent code will be deployed.\nDoing the request with options:\n"))
        #expect(debug.stdout.contains("\"url\": \"\(world.sim.baseURL)/deployments\",\n  \"method\": \"POST\""))
        #expect(debug.stdout.contains("Response code: 201"))
        #expect(debug.lines.suffix(5).first?.hasPrefix("Deployment \"") == true)
        #expect(debug.lines.last == "IMPT COMMAND SUCCEEDS")
        #expect(try world.scenario.deploymentIDs().count == 4)
    }

    @Test func deployWithoutFilesDeploysEmptyCode() throws {
        let world = try GroupWorld()
        let run = try world.impt("build", "deploy", "--dg", world.group)
        let id = try #require(try world.scenario.deploymentIDs().first)
        let attributes = try world.scenario.attributes("/deployments/\(id)")
        #expect(run.lines == [
            "--device-file option is not specified, empty device code will be deployed.",
            "--agent-file option is not specified, empty agent code will be deployed.",
            "Deployment \"\(id)\" is created successfully.",
            "Deployment: ",
            "  id:  \(id)",
            "  sha: \(attributes["sha"] as? String ?? "")",
            "IMPT COMMAND SUCCEEDS",
        ])
        #expect(attributes["device_code"] as? String == "" && attributes["agent_code"] as? String == "")
        let json = try world.impt("build", "deploy", "-g", "DG", "-z", "json")
        #expect((json.object?["Deployment"] as? [String: Any])?["id"] != nil && !json.stdout.contains("option is not specified"))
        let noGroup = try world.impt("build", "deploy")
        #expect(noGroup.lines == [
            "--device-file option is not specified, empty device code will be deployed.",
            "--agent-file option is not specified, empty agent code will be deployed.",
            "Error: No Device Group Identifier is specified.",
            "IMPT COMMAND FAILS",
        ])
        #expect(noGroup.status == 1)
        #expect(try world.scenario.deploymentIDs().count == 2)
    }

    @Test func deployTakesTheProjectFiles() throws {
        let world = try GroupWorld()
        try world.sandbox.writeProject(group: world.group, deviceFile: "src/device.nut", agentFile: "src/agent.nut")
        let missing = try world.impt("build", "deploy")
        #expect(missing.stdout == "Error: File with IMP device source code \"src/device.nut\" is not found.\nIMPT COMMAND FAILS\n")
        try FileManager.default.createDirectory(at: world.sandbox.file("src"), withIntermediateDirectories: true)
        try world.sandbox.write("src/device.nut", "// project device\n")
        let agentMissing = try world.impt("build", "deploy")
        #expect(agentMissing.stdout == "Error: File with IMP agent source code \"src/agent.nut\" is not found.\nIMPT COMMAND FAILS\n")
        #expect(try world.scenario.deploymentIDs().isEmpty)
        try world.sandbox.write("src/agent.nut", "// project agent\n")
        try world.sandbox.write("other.nut", "// other device\n")
        #expect(try world.impt("build", "deploy").status == 0)
        #expect(try world.impt("build", "deploy", "-x", "other.nut").status == 0)
        let ids = try world.scenario.deploymentIDs()
        #expect(try world.scenario.attributes("/deployments/\(ids[0])")["device_code"] as? String == "// project device\n")
        let second = try world.scenario.attributes("/deployments/\(ids[1])")
        #expect(second["device_code"] as? String == "// other device\n" && second["agent_code"] as? String == "// project agent\n")
        // The project's group, named by its id.
        let run = try world.impt("build", "run")
        #expect(run.lines[1] == "Min supported Deployment for Device Group \"\(world.group)\" is updated successfully.")
    }

    /// Source text with a byte order mark, CR LF line ends and non-ASCII characters, exactly `size`
    /// bytes long; only comments, which the simulator's stand-in compiler accepts.
    private func sourceText(size: Int, bom: Bool, lineEnd: String) -> [UInt8] {
        var bytes: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
        var line = 0
        while true {
            let text = Array("// ünïcödé ✓ 日本語 — \"quoted\" \\ back\tslash \(line)\(lineEnd)".utf8)
            if bytes.count + text.count + 8 > size { break }
            bytes += text
            line += 1
        }
        bytes += Array("//".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: size - bytes.count - lineEnd.utf8.count)
        bytes += Array(lineEnd.utf8)
        return bytes
    }

    @Test func sourceFilesRoundTripByteForByte() throws {
        let world = try GroupWorld(["--max-body-bytes", "8000000"])
        let device = sourceText(size: 1_048_576, bom: true, lineEnd: "\r\n")
        let agent = sourceText(size: 1_048_576, bom: false, lineEnd: "\n")
        #expect(device.count == 1_048_576 && agent.count == 1_048_576)
        try world.sandbox.write("device.nut", device)
        try world.sandbox.write("agent.nut", agent)
        let deploy = try world.impt("build", "deploy", "-g", "DG", "-x", "device.nut", "-y", "agent.nut", "-t", "BIG")
        #expect(deploy.status == 0, "\(deploy.stdout.prefix(500))")
        let id = try #require(try world.scenario.deploymentIDs().first)
        let stored = try world.scenario.code(id)
        let storedExactly = stored.device == device && stored.agent == agent
        #expect(storedExactly)

        try FileManager.default.createDirectory(at: world.sandbox.file("out"), withIntermediateDirectories: true)
        let get = try world.impt("build", "get", "-b", "BIG", "-x", "out/device.nut", "-y", "out/agent.nut")
        #expect(get.lines.first == "Deployment \"BIG\" source file(s) are downloaded successfully.")
        let writtenExactly = try world.sandbox.bytes("out/device.nut") == device && world.sandbox.bytes("out/agent.nut") == agent
        #expect(writtenExactly)
        // Text mode cuts the code to 512 characters; json mode keeps it whole.
        #expect(get.stdout.contains("  device_code: \n    \"\"\"\n      \u{FEFF}// ünïcödé ✓ 日本語"))
        #expect(get.stdout.contains("\n      ...\n    \"\"\"\n  agent_code: \n"))
        struct Shown: Decodable {
            struct Deployment: Decodable { let device_code: String }
            let Deployment: Deployment
        }
        let json = try world.impt("build", "info", "-b", id, "-z", "json")
        let shown = try JSONDecoder().decode(Shown.self, from: Data(json.stdout.utf8))
        let shownExactly = Array(shown.Deployment.device_code.utf8) == device
        #expect(shownExactly)

        // A copy carries the same bytes.
        _ = try world.scenario.group(product: world.product, name: "Other")
        #expect(try world.impt("build", "copy", "-b", "BIG", "-g", "Other").status == 0)
        let copy = try #require(try world.scenario.deploymentIDs().last)
        let copiedExactly = try world.scenario.code(copy).device == device
        #expect(copiedExactly)
    }

    @Test func unusableSourceFilesFailBeforeAnythingIsSent() throws {
        let world = try GroupWorld()
        try FileManager.default.createDirectory(at: world.sandbox.file("folder"), withIntermediateDirectories: true)
        try world.sandbox.write("latin1.nut", [0x2F, 0x2F, 0x20, 0xE9, 0x0A])
        try world.sandbox.write("nul.nut", [0x61, 0x62, 0x00, 0x63])
        try world.sandbox.write("huge.nut", [UInt8](repeating: 0x20, count: 4_000_001))
        try world.sandbox.write("fine.nut", "// fine\n")
        let cases: [(String, String)] = [
            ("missing.nut", "File with IMP device source code \"missing.nut\" is not found."),
            ("folder", "File with IMP device source code \"folder\" cannot be used: it is a directory, not a file."),
            ("latin1.nut", "File with IMP device source code \"latin1.nut\" cannot be used: it is not UTF-8 text (invalid byte at offset 3)."),
            ("nul.nut", "File with IMP device source code \"nul.nut\" cannot be used: it contains a NUL byte (at offset 2)."),
            ("huge.nut", "File with IMP device source code \"huge.nut\" cannot be used: it has 4000001 bytes, "
                + "more than the 4000000 bytes impCentral accepts for source code."),
            ("/dev/null", "File with IMP device source code \"/dev/null\" cannot be used: it is not a regular file."),
        ]
        for (file, message) in cases {
            let run = try world.impt("build", "deploy", "-g", "DG", "-x", file, "-y", "fine.nut")
            #expect(run.status == 1)
            #expect(run.stdout == "Error: \(message)\nIMPT COMMAND FAILS\n")
            let json = try world.impt("build", "run", "-g", "DG", "-x", "fine.nut", "-y", file, "-z", "json")
            #expect(json.stdout == "{\n  \"Error\": \"\(message.replacingOccurrences(of: "device", with: "agent").replacingOccurrences(of: "\"", with: "\\\""))\"\n}\n")
        }
        try world.sandbox.write("secret.nut", "// secret\n")
        chmod(world.sandbox.file("secret.nut").path, 0)
        if getuid() != 0 {
            let run = try world.impt("build", "deploy", "-g", "DG", "-x", "secret.nut")
            #expect(run.lines.dropFirst().first == "Error: File error: secret.nut: Permission denied.")
        }
        #expect(try world.scenario.deploymentIDs().isEmpty)
    }

    @Test func badTagsAndFlagValuesChangeNothing() throws {
        let world = try GroupWorld()
        let build = try world.scenario.deployment(group: world.group, device: "// one\n", attributes: ["tags": ["KEEP"]])
        for tag in ["with space", "a,b", "", "ü"] {
            let message = "Error: Tag \"\(tag)\" is not valid: a tag is not empty and contains only letters, digits and the characters _ - * ."
            #expect(try world.impt("build", "deploy", "-g", "DG", "-t", "ok", "-t", tag).stdout == message + "\nIMPT COMMAND FAILS\n")
            #expect(try world.impt("build", "update", "-b", build, "-t", tag).stdout == message + "\nIMPT COMMAND FAILS\n")
            #expect(try world.impt("build", "list", "-t", tag).stdout == message + "\nIMPT COMMAND FAILS\n")
        }
        let flagged = try world.impt("build", "update", "-b", build, "--flagged=maybe")
        #expect(flagged.status == 1 && flagged.lines.suffix(2) == ["Error: Option \"--flagged\" has incorrect value \"maybe\".", "IMPT COMMAND FAILS"])
        let word = try world.impt("build", "deploy", "-g", "DG", "-f", "yes")
        #expect(word.lines.suffix(2) == ["Error: Unknown arguments: yes.", "IMPT COMMAND FAILS"])
        #expect(try world.scenario.deploymentIDs() == [build])
        let attributes = try world.scenario.attributes("/deployments/\(build)")
        #expect(attributes["tags"] as? [String] == ["KEEP"] && attributes["flagged"] as? Bool == false)
    }

    @Test func runSetsTheMinimumDescribesTheGroupAndRestartsItsDevices() throws {
        let world = try GroupWorld()
        try world.sandbox.write("device.nut", "// run\n")
        let empty = try world.impt("build", "run", "-g", "DG", "-x", "device.nut", "-y", "device.nut", "-s", "release one")
        let first = try #require(try world.scenario.deploymentIDs().first)
        #expect(empty.stdout == """
            Deployment "\(first)" is created successfully.
            Min supported Deployment for Device Group "DG" is updated successfully.
            Device Group "DG" is updated successfully.
            Device Group "DG" does not have assigned Devices.
            IMPT COMMAND SUCCEEDS

            """)
        var group = try #require(try world.scenario.resource("/devicegroups/\(world.group)"))
        #expect((group["attributes"] as? [String: Any])?["description"] as? String == "release one")

        let devices = try world.scenario.devices().compactMap { $0["id"] as? String }.sorted()
        for device in devices { try world.scenario.assign(device: device, to: world.group) }
        let restart = try world.impt("build", "run", "-g", world.group, "-x", "device.nut", "-y", "device.nut", "-c")
        let second = try #require(try world.scenario.deploymentIDs().last)
        group = try #require(try world.scenario.resource("/devicegroups/\(world.group)"))
        let relationships = group["relationships"] as? [String: [String: String]]
        #expect(relationships?["min_supported_deployment"]?["id"] == second)
        #expect((group["attributes"] as? [String: Any])?["description"] as? String == "release one")
        var expected = [
            "Deployment \"\(second)\" is created successfully.",
            "Min supported Deployment for Device Group \"\(world.group)\" is updated successfully.",
            "Device Group \"\(world.group)\" is updated successfully.",
            "Conditional restart request for Devices assigned to Device Group \"\(world.group)\" is successful:",
        ]
        for device in try world.scenario.collection("/devices?filter[devicegroup.id]=\(world.group)") {
            let attributes = try #require(device["attributes"] as? [String: Any])
            let online = attributes["device_online"] as? Bool == true
            let width = online ? "device_online" : "mac_address"
            func row(_ key: String, _ value: String) -> String {
                "  \(key): " + String(repeating: " ", count: width.count - key.count) + value
            }
            expected += ["Device: ", row("id", device["id"] as! String), row("name", attributes["name"] as! String),
                         row("mac_address", attributes["mac_address"] as! String), row("agent_id", attributes["agent_id"] as! String)]
            if online { expected.append(row("device_online", "true")) }
        }
        expected.append("IMPT COMMAND SUCCEEDS")
        #expect(restart.lines == expected)

        // More than five devices: the list stops after five.
        for index in 0..<3 { try world.scenario.assign(device: try world.scenario.newDevice("extra-\(index)"), to: world.group) }
        let many = try world.impt("build", "run", "-x", "device.nut", "-g", "DG")
        #expect(many.lines.contains("Restart request for Devices assigned to Device Group \"DG\" is successful:"))
        #expect(many.lines.suffix(2) == ["And 2 more Device(s).", "IMPT COMMAND SUCCEEDS"])
        #expect(many.lines.filter { $0 == "Device: " }.count == 5)
        #expect(try world.impt("build", "run", "-g", "DG", "-z", "json").stdout == "{}\n")
        #expect(try world.impt("build", "run", "-g", "DG", "-z", "minimal").stdout == "")
    }

    @Test func copyWithinAProductAndToAnother() throws {
        let world = try GroupWorld()
        let source = try world.scenario.deployment(
            group: world.group, device: "// device\n", agent: "// agent\n",
            attributes: ["tags": ["RC1"], "flagged": true, "description": "candidate", "origin": "repo"])
        let target = try world.scenario.group(product: world.product, name: "PreProd", type: "pre_production_devicegroup")
        let plain = try world.impt("build", "copy", "-b", "RC1", "-g", "PreProd")
        let copy = try #require(try world.scenario.deploymentIDs().last)
        #expect(plain.stdout == """
            Deployment "\(copy)" is created successfully.
            Deployment "RC1" is copied successfully to Deployment "\(copy)".
            IMPT COMMAND SUCCEEDS

            """)
        var attributes = try world.scenario.attributes("/deployments/\(copy)")
        #expect(attributes["device_code"] as? String == "// device\n" && attributes["agent_code"] as? String == "// agent\n")
        #expect(attributes["tags"] as? [String] == [] && attributes["flagged"] as? Bool == false)
        #expect(attributes["description"] as? String == "" && attributes["origin"] is NSNull)
        let relationships = try world.scenario.resource("/deployments/\(copy)")?["relationships"] as? [String: [String: String]]
        #expect(relationships?["devicegroup"]?["id"] == target)

        #expect(try world.impt("build", "copy", "-b", source, "-g", target, "--all", "-z", "json").stdout == "{}\n")
        let full = try #require(try world.scenario.deploymentIDs().last)
        attributes = try world.scenario.attributes("/deployments/\(full)")
        #expect(attributes["tags"] as? [String] == ["RC1"] && attributes["flagged"] as? Bool == true)
        #expect(attributes["description"] as? String == "candidate" && attributes["origin"] as? String == "repo")

        // The project's current Deployment is the default source.
        try world.sandbox.writeProject(group: world.group)
        let fromProject = try world.impt("build", "copy", "-g", "PreProd")
        #expect(fromProject.lines[1].hasPrefix("Deployment \"\(source)\" is copied successfully to Deployment \""))

        // Another Product's Device Group gets the copy too, as in the original.
        let otherProduct = try world.sandbox.createProduct("Elsewhere")
        let foreign = try world.scenario.group(product: otherProduct, name: "Foreign")
        let across = try world.impt("build", "copy", "-b", source, "-g", "Foreign", "--all")
        #expect(across.status == 0, "\(across)")
        let moved = try #require(try world.scenario.deploymentIDs("?filter[devicegroup.id]=\(foreign)").first)
        #expect(across.lines == [
            "Deployment \"\(moved)\" is created successfully.",
            "Deployment \"\(source)\" is copied successfully to Deployment \"\(moved)\".", "IMPT COMMAND SUCCEEDS",
        ])
        attributes = try world.scenario.attributes("/deployments/\(moved)")
        #expect(attributes["device_code"] as? String == "// device\n" && attributes["tags"] as? [String] == ["RC1"])
        #expect(attributes["flagged"] as? Bool == true && attributes["description"] as? String == "candidate")
        #expect(attributes["origin"] as? String == "repo")
        let product = try world.scenario.resource("/deployments/\(moved)")?["relationships"] as? [String: [String: String]]
        #expect(product?["product"]?["id"] == otherProduct)
        let missing = try world.impt("build", "copy", "-b", source)
        #expect(missing.lines.suffix(2) == ["Error: Missing required argument: dg", "IMPT COMMAND FAILS"])
    }

    @Test func getWritesTheFilesItIsAskedFor() throws {
        let world = try GroupWorld()
        let build = try world.scenario.deployment(group: world.group, device: "// device v1\n", agent: "// agent v1\n")
        try world.sandbox.writeProject(group: world.group)
        // Project defaults: the current Deployment and the project's files.
        let first = try world.impt("build", "get")
        #expect(first.lines.first == "Deployment \"\(build)\" source file(s) are downloaded successfully.")
        #expect(first.lines[1] == "Deployment: " && first.lines.last == "IMPT COMMAND SUCCEEDS")
        #expect(try world.sandbox.bytes("device.nut") == Array("// device v1\n".utf8))
        #expect(try world.sandbox.bytes("agent.nut") == Array("// agent v1\n".utf8))
        let mask = umask(0)
        umask(mask)
        var info = stat()
        stat(world.sandbox.file("device.nut").path, &info)
        #expect(info.st_mode & 0o777 == 0o666 & ~mask)

        // Existing files: asked first; "n" leaves them alone, and their mode is kept when replaced.
        let second = try world.scenario.deployment(group: world.group, device: "// device v2\n", agent: "// agent v2\n")
        chmod(world.sandbox.file("device.nut").path, 0o600)
        let declined = try world.impt("build", "get", stdin: "n\n")
        #expect(declined.stdout == """
            Source file(s) device.nut, agent.nut already exist. They will be overwritten.
            Are you sure you want to continue?
            Enter 'y' (yes) or 'n' (no): 

            Operation is canceled.
            IMPT COMMAND FAILS

            """)
        #expect(try world.sandbox.bytes("device.nut") == Array("// device v1\n".utf8))
        let accepted = try world.impt("build", "get", "-b", second, "-i", stdin: "y\n")
        #expect(accepted.lines.prefix(5) == [
            "Source file(s) device.nut already exist. They will be overwritten.", "Are you sure you want to continue?",
            "Enter 'y' (yes) or 'n' (no): ", "", "Deployment \"\(second)\" source file(s) are downloaded successfully.",
        ])
        #expect(try world.sandbox.bytes("device.nut") == Array("// device v2\n".utf8))
        #expect(try world.sandbox.bytes("agent.nut") == Array("// agent v1\n".utf8))
        stat(world.sandbox.file("device.nut").path, &info)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(try world.impt("build", "get", "-j", "-q", "-y", "only-agent.nut", "-z", "minimal").lines.first == "Deployment: ")
        #expect(try world.sandbox.bytes("only-agent.nut") == Array("// agent v2\n".utf8))
        // No file is left behind but the targets.
        let names = try FileManager.default.contentsOfDirectory(atPath: world.sandbox.work.path).sorted()
        #expect(names == [".impt.project", "agent.nut", "device.nut", "only-agent.nut"])
    }

    @Test func getRefusesLinksDirectoriesAndMissingNames() throws {
        let world = try GroupWorld()
        let build = try world.scenario.deployment(group: world.group, device: "// device\n", agent: "// agent\n")
        try world.sandbox.write("target.nut", "// keep me\n")
        try FileManager.default.createSymbolicLink(atPath: world.sandbox.file("link.nut").path, withDestinationPath: "target.nut")
        let link = try world.impt("build", "get", "-b", build, "-x", "link.nut", "-y", "new-agent.nut", "-q")
        #expect(link.stdout == "Error: File error: link.nut: it is a symbolic link; impt does not write through links.\nIMPT COMMAND FAILS\n")
        #expect(try world.sandbox.bytes("target.nut") == Array("// keep me\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: world.sandbox.file("new-agent.nut").path))
        try FileManager.default.createDirectory(at: world.sandbox.file("dir.nut"), withIntermediateDirectories: true)
        #expect(try world.impt("build", "get", "-b", build, "-x", "dir.nut", "-i").stdout
            == "Error: File error: dir.nut: it is a directory, not a file.\nIMPT COMMAND FAILS\n")
        #expect(try world.impt("build", "get", "-b", build, "-x", "no-such-dir/d.nut", "-i").stdout
            == "Error: File error: no-such-dir/d.nut: file is not found.\nIMPT COMMAND FAILS\n")
        #expect(try world.impt("build", "get", "-b", build, "-i").stdout
            == "Error: Option \"--device-file\" must be specified.\nIMPT COMMAND FAILS\n")
        #expect(try world.impt("build", "get", "-b", build, "-x", "d.nut").stdout
            == "Error: Option \"--agent-file\" must be specified.\nIMPT COMMAND FAILS\n")
        #expect(try world.impt("build", "get", "-b", build, "-x", "same.nut", "-y", "same.nut").stdout
            == "Error: The device and agent code cannot both be written to \"same.nut\".\nIMPT COMMAND FAILS\n")
        let both = try world.impt("build", "get", "-b", build, "-x", "d.nut", "-i", "-j")
        #expect(both.lines.suffix(2) == ["Error: Options \"--device-only\" and \"--agent-only\" are mutually exclusive.", "IMPT COMMAND FAILS"])
        let names = try FileManager.default.contentsOfDirectory(atPath: world.sandbox.work.path).sorted()
        #expect(names == ["dir.nut", "link.nut", "target.nut"])
    }

    @Test func infoFindsDeploymentsByIdShaTagAndOrigin() throws {
        let world = try GroupWorld()
        let build = try world.scenario.deployment(
            group: world.group, device: "// one\n", attributes: ["tags": ["ONE", "SHARED"], "origin": "origin-one", "description": "d"])
        let other = try world.scenario.deployment(group: world.group, device: "// two\n", attributes: ["tags": ["SHARED"]])
        let sha = try #require(try world.scenario.attributes("/deployments/\(build)")["sha"] as? String)
        for identifier in [build, sha, "ONE", "origin-one"] {
            let run = try world.impt("build", "info", "-b", identifier, "-z", "json")
            #expect((run.object?["Deployment"] as? [String: Any])?["id"] as? String == build, "\(identifier)")
        }
        let attributes = try world.scenario.attributes("/deployments/\(build)")
        let text = try world.impt("build", "info", "--build", "ONE")
        #expect(text.lines == [
            "Deployment: ", "  id:           \(build)", "  sha:          \(sha)", "  tags:         ONE, SHARED",
            "  flagged:      false", "  description:  d", "  origin:       origin-one", "  device_code: ", "    \"\"\"",
            "      // one", "      ", "    \"\"\"", "  agent_code:   ", "  created_at:   \(attributes["created_at"] as! String)",
            "  updated_at:   \(attributes["updated_at"] as! String)", "  Device Group: ", "    id:   \(world.group)",
            "    type: development", "    name: DG", "  Product: ", "    id:   \(world.product)", "    name: P", "IMPT COMMAND SUCCEEDS",
        ])
        let ambiguous = try world.impt("build", "info", "-b", "SHARED")
        #expect(ambiguous.status == 1)
        #expect(ambiguous.lines.first == "Error: Multiple Deployments \"SHARED\" are found:")
        #expect(ambiguous.lines.filter { $0 == "Deployment: " }.count == 2)
        #expect(ambiguous.stdout.contains("  id:           \(other)\n"))
        #expect(ambiguous.lines.suffix(2) == ["Impossible to execute the command.", "IMPT COMMAND FAILS"])
        #expect(try world.impt("build", "info", "-b", "NONE").stdout == "Error: Deployment \"NONE\" is not found.\nIMPT COMMAND FAILS\n")
        #expect(try world.impt("build", "info").stdout == "Error: No Deployment Identifier is specified.\nIMPT COMMAND FAILS\n")
        try world.sandbox.writeProject(group: world.group)
        #expect((try world.impt("build", "info", "-z", "json").object?["Deployment"] as? [String: Any])?["id"] as? String == other)
    }

    @Test func listFiltersCombine() throws {
        let world = try GroupWorld(["--zombie-deployments"])
        let scenario = world.scenario
        let flagged = try scenario.deployment(group: world.group, device: "// a\n", attributes: ["tags": ["X"], "flagged": true])
        let tagged = try scenario.deployment(group: world.group, device: "// b\n", attributes: ["tags": ["Y", "X2"]])
        let preProduction = try scenario.group(product: world.product, name: "PP", type: "pre_production_devicegroup")
        let pre = try scenario.deployment(group: preProduction, type: "pre_production_devicegroup", device: "// c\n")
        let zombie = try #require(try scenario.zombies(product: world.product, count: 1).first)
        let otherProduct = try world.sandbox.createProduct("Q")
        let otherGroup = try scenario.group(product: otherProduct, name: "QG")
        let elsewhere = try scenario.deployment(group: otherGroup, device: "// a\n", attributes: ["tags": ["X"]])
        let sha = try #require(try scenario.attributes("/deployments/\(flagged)")["sha"] as? String)

        func ids(_ arguments: String...) throws -> [String] {
            let run = try world.sandbox.impt(["build", "list", "-z", "json"] + arguments)
            #expect(run.status == 0, "\(arguments): \(run)")
            return run.listedIDs("Deployment")
        }
        let all = [flagged, tagged, pre, zombie, elsewhere]
        #expect(try ids() == all)
        #expect(try ids("-p", "P") == [flagged, tagged, pre, zombie])
        #expect(try ids("-p", "P", "-p", otherProduct) == all)
        #expect(try ids("-g", "DG") == [flagged, tagged])
        #expect(try ids("-g", "DG", "-g", "QG") == [flagged, tagged, elsewhere])
        #expect(try ids("--dg-type", "pre-production") == [pre])
        #expect(try ids("-y", "development", "-y", "pre-production") == [flagged, tagged, pre, elsewhere])
        #expect(try ids("-s", sha) == [flagged, elsewhere])
        #expect(try ids("-s", sha, "-p", "Q") == [elsewhere])
        #expect(try ids("-t", "X") == [flagged, elsewhere])
        // Repeated values are alternatives; a Deployment matching both is listed once.
        #expect(try ids("-t", "X", "-t", "Y") == [flagged, elsewhere, tagged])
        #expect(try ids("-t", "X", "-t", "X2", "-t", "Y") == [flagged, elsewhere, tagged])
        #expect(try ids("-f") == [flagged])
        #expect(try ids("-u") == [tagged, pre, zombie, elsewhere])
        #expect(try ids("-f", "-u") == all)
        #expect(try ids("-m") == [zombie])
        #expect(try ids("-n") == [flagged, tagged, pre, elsewhere])
        #expect(try ids("--zombie", "--non-zombie") == all)
        #expect(try ids("-o", "me", "-t", "X", "-u") == [elsewhere])
        #expect(try ids("-o", "nobody@nowhere") == [])
        #expect(try ids("-p", "NoSuchProduct", "-p", "Q") == [elsewhere])
        #expect(try ids("-p", "NoSuchProduct") == [])

        let text = try world.impt("build", "list", "-g", "PP")
        #expect(text.stdout == """
            Deployment list (1 items):
            Deployment: 
              id:           \(pre)
              sha:          \(try scenario.attributes("/deployments/\(pre)")["sha"] as! String)
              Device Group: 
                id:   \(preProduction)
                type: pre-production
                name: PP
            IMPT COMMAND SUCCEEDS

            """)
        #expect(try world.impt("build", "list", "-t", "NOTHING").stdout == "No Deployments are found.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try world.impt("build", "list", "-t", "NOTHING", "-z", "json").stdout == "[]\n")
        let badType = try world.impt("build", "list", "-y", "prod")
        #expect(badType.lines.suffix(3) == [
            "Error: Invalid values:",
            "  Argument: dg-type, Given: \"prod\", Choices: \"development\", \"pre-factory\", \"pre-dut\", \"pre-production\", \"factory\", \"dut\", \"production\"",
            "IMPT COMMAND FAILS",
        ])
    }

    @Test func updateChangesTagsFlagAndDescription() throws {
        let world = try GroupWorld()
        let build = try world.scenario.deployment(group: world.group, device: "// u\n", attributes: ["tags": ["A", "B"]])
        let run = try world.impt("build", "update", "-b", "A", "-t", "C", "-t", "A", "-r", "B", "-s", "described", "-f")
        #expect(run.stdout == "Deployment \"A\" is updated successfully.\nIMPT COMMAND SUCCEEDS\n")
        var attributes = try world.scenario.attributes("/deployments/\(build)")
        #expect(attributes["tags"] as? [String] == ["A", "C"] && attributes["flagged"] as? Bool == true)
        #expect(attributes["description"] as? String == "described")
        #expect(try world.impt("build", "update", "-b", build, "-r", "A", "-r", "C", "--flagged", "false", "-s", "", "-z", "json").stdout == "{}\n")
        attributes = try world.scenario.attributes("/deployments/\(build)")
        #expect(attributes["tags"] as? [String] == [] && attributes["flagged"] as? Bool == false)
        #expect(attributes["description"] as? String == "")
        try world.sandbox.writeProject(group: world.group)
        #expect(try world.impt("build", "update", "-t", "P1", "-z", "minimal").stdout == "")
        #expect(try world.scenario.attributes("/deployments/\(build)")["tags"] as? [String] == ["P1"])
    }

    @Test func runRecordsTagsOriginAndFlagAndDeleteInJSONPrintsAnEmptyObject() throws {
        let world = try GroupWorld()
        let older = try world.scenario.deployment(group: world.group, device: "// older\n")
        try world.sandbox.write("device.nut", "// tagged\n")
        let run = try world.impt("build", "run", "-g", world.group, "-x", "device.nut", "-y", "device.nut",
                                 "-t", "RC1", "--tag", "nightly", "-o", "ci job 7", "--flagged", "-z", "minimal")
        #expect(run.status == 0 && run.stdout == "", "\(run)")
        let build = try #require(try world.scenario.deploymentIDs().last)
        let attributes = try world.scenario.attributes("/deployments/\(build)")
        #expect(Set(attributes["tags"] as? [String] ?? []) == ["RC1", "nightly"], "\(attributes)")
        #expect(attributes["origin"] as? String == "ci job 7" && attributes["flagged"] as? Bool == true, "\(attributes)")

        let deleted = try world.impt("build", "delete", "-b", older, "-q", "-z", "json")
        #expect(deleted.status == 0 && deleted.stdout == "{}\n", "\(deleted)")
        #expect(try world.scenario.deploymentIDs() == [build])
    }

    @Test func deleteChecksTheMinimumAndTheFlag() throws {
        let world = try GroupWorld()
        let scenario = world.scenario
        let old = try scenario.deployment(group: world.group, device: "// old\n", attributes: ["flagged": true, "tags": ["OLD"]])
        let middle = try scenario.deployment(group: world.group, device: "// middle\n")
        let newest = try scenario.deployment(group: world.group, device: "// new\n")
        try scenario.setMinSupported(group: world.group, deployment: middle)
        for build in [middle, newest] {
            let refused = try world.impt("build", "delete", "-b", build, "-q", "-f")
            #expect(refused.stdout == """
                Error: Impossible to delete Deployment "\(build)". It is the Min supported Deployment or newer for Device Group "\(world.group)".
                IMPT COMMAND FAILS

                """)
        }
        // Flagged and no --force: the server refuses after the confirmation.
        let flagged = try world.impt("build", "delete", "-b", "OLD", stdin: "y\n")
        #expect(flagged.status == 1)
        #expect(flagged.stdout == """
            The following entities will be deleted:
            Deployment: 
              id:      \(old)
              sha:     \(try scenario.attributes("/deployments/\(old)")["sha"] as! String)
              tags:    OLD
              flagged: true

            Are you sure you want to continue?
            Enter 'y' (yes) or 'n' (no): 

            Error: Resource Flagged: You cannot delete flagged deployments; set the flagged attribute to false and try again.
            IMPT COMMAND FAILS

            """)
        #expect(try scenario.deploymentIDs() == [old, middle, newest])
        let forced = try world.impt("build", "delete", "-b", "OLD", "--force", "-q")
        #expect(forced.stdout == """
            Deployment "\(old)" is updated successfully.
            Deployment "OLD" is deleted successfully.
            IMPT COMMAND SUCCEEDS

            """)
        #expect(try scenario.deploymentIDs() == [middle, newest])
        #expect(try world.impt("build", "delete", "-b", old, "-q").stdout
            == "Error: Deployment \"\(old)\" is not found.\nIMPT COMMAND FAILS\n")
        let missing = try world.impt("build", "delete")
        #expect(missing.lines.suffix(2) == ["Error: Missing required argument: build", "IMPT COMMAND FAILS"])
    }

    @Test func cleanupDeletesZombiesWithinTheRateLimit() throws {
        let world = try GroupWorld(["--zombie-deployments", "--rate-limit", "8"])
        let scenario = world.scenario
        let kept = try scenario.deployment(group: world.group, device: "// kept\n")
        let zombies = try scenario.zombies(product: world.product, count: 12)
        try scenario.patch("/deployments/\(zombies[0])", type: "deployment", attributes: ["flagged": true])
        let otherProduct = try world.sandbox.createProduct("Q")
        let otherZombies = try scenario.zombies(product: otherProduct, count: 2, name: "Gone")

        let declined = try world.impt("build", "cleanup", "-p", "P", stdin: "n\n")
        #expect(declined.lines.first == "The following entities will be deleted:")
        #expect(declined.lines.filter { $0 == "Deployment: " }.count == 5)
        #expect(declined.lines.contains("And 6 more Deployment(s)."))
        #expect(declined.lines.suffix(2) == ["Operation is canceled.", "IMPT COMMAND FAILS"])
        #expect(try scenario.deploymentIDs().count == 15)

        let cleaned = try world.impt("build", "cleanup", "--product", "P", stdin: "y\n")
        #expect(cleaned.status == 0)
        let deleted = zombies.dropFirst().map { "Deployment \"\($0)\" is deleted successfully." }
        #expect(Array(cleaned.lines.suffix(12)) == deleted + ["IMPT COMMAND SUCCEEDS"])
        #expect(try scenario.deploymentIDs() == [kept, zombies[0]] + otherZombies)

        let unflagged = try world.impt("build", "cleanup", "-u", "-q")
        #expect(unflagged.stdout == """
            Deployment "\(zombies[0])" is updated successfully.
            Deployment "\(zombies[0])" is deleted successfully.
            Deployment "\(otherZombies[0])" is deleted successfully.
            Deployment "\(otherZombies[1])" is deleted successfully.
            IMPT COMMAND SUCCEEDS

            """)
        #expect(try scenario.deploymentIDs() == [kept])
        #expect(try world.impt("build", "cleanup").stdout == "No Deployments are found.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try world.impt("build", "cleanup", "-q", "-z", "json").stdout == "{}\n")
        #expect(try world.impt("build", "cleanup", "-p", "Nope").stdout == "Error: Product \"Nope\" is not found.\nIMPT COMMAND FAILS\n")
    }
}
