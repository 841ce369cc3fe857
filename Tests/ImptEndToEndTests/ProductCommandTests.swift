import Foundation
import Testing

@Suite(.inProcess) struct ProductCommandTests {
    @Test func createInEveryOutputMode() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let run = try sandbox.impt("product", "create", "--name", "TestProduct", "--descr", "My test product")
        #expect(run.lines.count == 5)
        #expect(run.lines[0] == "Product \"TestProduct\" is created successfully.")
        #expect(run.lines[1] == "Product: ")
        #expect(run.lines[2].hasPrefix("  id:   ") && run.lines[2].count == 44)
        #expect(Array(run.lines.suffix(2)) == ["  name: TestProduct", "IMPT COMMAND SUCCEEDS"])
        let minimal = try sandbox.impt("product", "create", "-n", "Minimal", "-z", "minimal")
        #expect(minimal.lines.count == 3 && minimal.lines[0] == "Product: " && minimal.lines[2] == "  name: Minimal")
        let json = try sandbox.impt("product", "create", "-n", "Json", "-s", "", "-z", "json")
        let product = try #require((json.json as? [String: [String: String]])?["Product"])
        #expect(product.keys.sorted() == ["id", "name"] && product["name"] == "Json")
        let debug = try sandbox.impt("product", "create", "-n", "Debug", "-z", "debug")
        #expect(debug.stdout.hasPrefix("Doing the request with options:\n"))
        #expect(debug.stdout.contains("\"Authorization\": \"[hidden]\""))
        #expect(!debug.stdout.contains("Bearer"))
        #expect(debug.stdout.contains("Response code: 201"))
        #expect(debug.stdout.hasSuffix("Product \"Debug\" is created successfully.\nProduct: \n  id:   \(debug.lines[debug.lines.count - 3].dropFirst(8))\n  name: Debug\nIMPT COMMAND SUCCEEDS\n"))
    }

    @Test func duplicateNamesAreRefusedByTheServer() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        _ = try sandbox.createProduct("Twice")
        let run = try sandbox.impt("product", "create", "-n", "Twice")
        #expect(run.status == 1)
        #expect(run.stdout == "Error: Duplicate Resource: Products must have unique names.\nIMPT COMMAND FAILS\n")
        #expect(try sandbox.impt("product", "create", "-n", "Twice", "-z", "json").stdout
            == "{\n  \"Error\": \"Duplicate Resource: Products must have unique names.\"\n}\n")
    }

    @Test func createForAnotherOwnerAndListWithOwners() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator.team(sandbox: sandbox)
        try sandbox.login(sim, user: "bob", password: "bob-password")
        _ = try sandbox.createProduct("Mine")
        _ = try sandbox.createProduct("Hers", ["--owner", "alice@example.com"])
        let list = try sandbox.impt("product", "list")
        #expect(list.lines.first == "Product list (2 items):")
        // The caller's own products show no Owner; alice's product does, which widens its padding.
        #expect(list.stdout.contains("  id:   "))
        #expect(list.stdout.contains("  name:  Hers\n  Owner: \n    id:       "))
        #expect(list.stdout.contains("    email:    alice@example.com\n    username: alice\n"))
        let mine = try sandbox.impt("product", "list", "--owner", "me", "-z", "json")
        #expect((mine.json as? [[String: [String: Any]]])?.compactMap { $0["Product"]?["name"] as? String } == ["Mine"])
        let both = try sandbox.impt("product", "list", "-o", "alice", "-o", "bob", "-z", "json")
        #expect(((both.json as? [Any])?.count) == 2)
        let nobody = try sandbox.impt("product", "list", "--owner", "nobody@nowhere")
        #expect(nobody.stdout == "No Products are found.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try sandbox.impt("product", "list", "-o", "nobody", "-z", "json").stdout == "[]\n")
        #expect(try sandbox.impt("product", "list", "-o", "nobody", "-z", "minimal").stdout == "")
        let unknownOwner = try sandbox.impt("product", "create", "-n", "X", "--owner", "nobody")
        #expect(unknownOwner.stdout == "Error: Account \"nobody\" is not found.\nIMPT COMMAND FAILS\n")
    }

    @Test func infoByIdNameAndHierarchy() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator.team(sandbox: sandbox)
        try sandbox.login(sim, user: "bob", password: "bob-password")
        let id = try sandbox.createProduct("Shared", ["--descr", "first"])
        for identifier in [id, "Shared", "{bob}{Shared}", "{me}{\(id)}", "{bob@example.com}{Shared}"] {
            let run = try sandbox.impt("product", "info", "-p", identifier)
            #expect(run.status == 0, "\(identifier): \(run)")
            #expect(run.lines[1] == "  id:          \(id)")
            #expect(run.lines[2] == "  name:        Shared")
            #expect(run.lines[3] == "  description: first")
            #expect(run.lines[4].hasPrefix("  created_at:  ") && run.lines[5].hasPrefix("  updated_at:  "))
        }
        #expect(try sandbox.impt("product", "info", "-p", "Nope").stdout == "Error: Product \"Nope\" is not found.\nIMPT COMMAND FAILS\n")
        #expect(try sandbox.impt("product", "info", "-p", "{alice}{Shared}").stdout
            == "Error: Product \"{alice}{Shared}\" is not found.\nIMPT COMMAND FAILS\n")
        #expect(try sandbox.impt("product", "info").stdout == "Error: No Product Identifier is specified.\nIMPT COMMAND FAILS\n")
    }

    @Test func ambiguousNamesListTheCandidates() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator.team(sandbox: sandbox)
        try sandbox.login(sim, user: "bob", password: "bob-password")
        let mine = try sandbox.createProduct("Twin")
        let hers = try sandbox.createProduct("Twin", ["-o", "alice"])
        let run = try sandbox.impt("product", "info", "-p", "Twin")
        #expect(run.status == 1)
        #expect(run.lines.first == "Error: Multiple Products \"Twin\" are found:")
        #expect(run.stdout.contains("Product: \n  id:   \(mine)\n  name: Twin\n"))
        #expect(run.stdout.contains("Product: \n  id:    \(hers)\n  name:  Twin\n  Owner: \n"))
        #expect(Array(run.lines.suffix(2)) == ["Impossible to execute the command.", "IMPT COMMAND FAILS"])
        #expect(try sandbox.impt("product", "info", "-p", "{alice}{Twin}", "-z", "json").stdout.contains(hers))
        let json = try sandbox.impt("product", "info", "-p", "Twin", "-z", "json")
        #expect(json.stdout == "{\n  \"Error\": \"Multiple Products \\\"Twin\\\" are found:\"\n}\n")
    }

    @Test func infoFullShowsTheStructure() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let product = try sandbox.createProduct("Structured")
        let scenario = try Scenario(sim)
        let group = try scenario.deviceGroup(product: product, name: "MyDevDG")
        let build = try scenario.deployment(group: group, flagged: true, tags: ["MyRC1"])
        let device = try #require(try scenario.devices().first?["id"] as? String)
        try scenario.assign(device: device, to: group)
        let run = try sandbox.impt("product", "info", "-p", "Structured", "--full")
        #expect(run.status == 0, "\(run)")
        let expectedTail = """
              Device Groups: 
                Device Group: 
                  id:                       \(group)
                  type:                     development
                  name:                     MyDevDG
                  Current Deployment: 
                    id:      \(build)
            """
        #expect(run.stdout.contains(expectedTail), "\(run)")
        #expect(run.stdout.contains("        tags:    MyRC1\n        flagged: true\n      Min supported Deployment: \n"))
        #expect(run.stdout.contains("      Devices: \n        Device: \n          id:            \(device)\n"))
    }

    @Test func updateChangesNameAndDescription() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let id = try sandbox.createProduct("Before")
        #expect(try sandbox.impt("product", "update", "-p", "Before", "-n", "After", "-s", "changed").stdout
            == "Product \"Before\" is updated successfully.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try sandbox.impt("product", "update", "-p", id, "--descr", "").stdout
            == "Product \"\(id)\" is updated successfully.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try sandbox.impt("product", "update", "-p", id, "-z", "json").stdout == "{}\n")
        let info = try #require((try sandbox.impt("product", "info", "-p", "After", "-z", "json").json as? [String: [String: Any]])?["Product"])
        #expect(info["name"] as? String == "After" && info["description"] as? String == "")
        #expect(try sandbox.impt("product", "update", "-p", "Before", "-n", "x").stdout
            == "Error: Product \"Before\" is not found.\nIMPT COMMAND FAILS\n")
    }

    @Test func deleteAsksThenDeletes() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let id = try sandbox.createProduct("Doomed")
        let summary = """
            The following entities will be deleted:
            Product: 
              id:   \(id)
              name: Doomed

            Are you sure you want to continue?
            Enter 'y' (yes) or 'n' (no): \n

            """
        let declined = try sandbox.impt(["product", "delete", "-p", "Doomed"], stdin: "n\n")
        #expect(declined.stdout == summary + "Operation is canceled.\nIMPT COMMAND FAILS\n")
        let noInput = try sandbox.impt(["product", "delete", "-p", "Doomed"], stdin: "")
        #expect(noInput.status == 1 && noInput.stderr.contains("--confirmed"))
        let accepted = try sandbox.impt(["product", "delete", "-p", "Doomed"], stdin: "y\n")
        #expect(accepted.stdout == summary + "Product \"Doomed\" is deleted successfully.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try sandbox.impt("product", "delete", "-p", "Doomed", "-q").stdout == "Error: Product \"Doomed\" is not found.\nIMPT COMMAND FAILS\n")
        _ = try sandbox.createProduct("Quiet")
        #expect(try sandbox.impt("product", "delete", "-p", "Quiet", "-q", "-z", "json").stdout == "{}\n")
        #expect(try sandbox.impt("product", "list", "-z", "json").stdout == "[]\n")
    }

    @Test func deleteWithDependentsNeedsForce() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let product = try sandbox.createProduct("Busy")
        let scenario = try Scenario(sim)
        let group = try scenario.deviceGroup(product: product, name: "DG")
        let flagged = try scenario.deployment(group: group, flagged: true, tags: ["RC"])
        let plain = try scenario.deployment(group: group)
        let device = try #require(try scenario.devices().first?["id"] as? String)
        try scenario.assign(device: device, to: group)

        let refused = try sandbox.impt("product", "delete", "-p", "Busy", "-q")
        #expect(refused.stdout == "Error: Dependent Devicegroups Exist: Cannot delete a product with associated devicegroups.\nIMPT COMMAND FAILS\n")

        let run = try sandbox.impt(["product", "delete", "-p", "Busy", "--force", "--builds"], stdin: "y\n")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("The following Devices will be unassigned from Device Groups:\nDevice: \n  id:            \(device)\n"))
        #expect(run.stdout.contains("The following Deployments are marked \"flagged\" to prevent deleting. They will be modified by setting \"flagged\" attribute to false:\nDeployment: \n  id:      \(flagged)\n"))
        let tail = run.lines.drop { !$0.hasPrefix("Device \"") }
        #expect(Array(tail.prefix(4)) == [
            "Device \"\(device)\" is unassigned successfully.", "Deployment \"\(flagged)\" is updated successfully.",
            "Device Group \"\(group)\" is deleted successfully.", "Product \"Busy\" is deleted successfully.",
        ])
        // impCentral deletes a group's deployments with the group, before impt gets to them.
        #expect(run.lines.contains("Deployment \"\(plain)\" is already deleted."), "\(run)")
        #expect(run.lines.last == "IMPT COMMAND SUCCEEDS")
        #expect(try !scenario.exists("/products/\(product)"))
        #expect(try !scenario.exists("/deployments/\(flagged)"))
    }

    @Test func projectFileSuppliesTheProduct() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let product = try sandbox.createProduct("FromProject")
        let group = try Scenario(sim).deviceGroup(product: product, name: "ProjectDG")
        let project = ["deviceGroupId": group, "deviceFile": "device.nut", "agentFile": "agent.nut"]
        try JSONSerialization.data(withJSONObject: project).write(to: sandbox.file(".impt.project"))
        let info = try sandbox.impt("product", "info", "-z", "json")
        #expect(((info.json as? [String: [String: Any]])?["Product"]?["id"]) as? String == product, "\(info)")
        #expect(try sandbox.impt("product", "update", "-s", "via project").stdout
            == "Product \"\(product)\" is updated successfully.\nIMPT COMMAND SUCCEEDS\n")
        _ = try Scenario(sim).sim.call("DELETE", "/devicegroups/\(group)", token: try Scenario(sim).token)
        #expect(try sandbox.impt("product", "info").stdout == """
            Error: Device Group "\(group)", saved in Project File, does not exist anymore.
            Impossible to execute the command.
            Use "impt project delete" command to delete the outdated Project.
            IMPT COMMAND FAILS

            """)
        try Data("garbage".utf8).write(to: sandbox.file(".impt.project"))
        #expect(try sandbox.impt("product", "info").stdout == "Error: Project File is corrupted.\nIMPT COMMAND FAILS\n")
    }

    @Test func serverErrorsAreReportedForEveryEntry() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let long = String(repeating: "x", count: 300)
        let run = try sandbox.impt("product", "create", "-n", long)
        #expect(run.status == 1)
        #expect(run.stdout == "Error: Invalid Attribute: 'name' must be 1 to 80 characters.\nIMPT COMMAND FAILS\n", "\(run)")
        // An error document with several entries: one line per entry, in every mode.
        try sandbox.compile(Build.fixtures.appendingPathComponent("services_plugin.c"), as: "libsvc.so")
        let product = try sandbox.createProduct("Entries")
        let group = try Scenario(sim).deviceGroup(product: product, name: "G")
        let arguments = ["svc", "request", "--method", "POST", "--path", "/devicegroups/\(group)/relationships/devices",
                         "--body", #"{"data": [{"type": "device", "id": "nope-1"}, {"type": "device", "id": "nope-2"}]}"#]
        #expect(try sandbox.impt(arguments).stdout == """
            Error: Resource Not Found: Device nope-1 could not be found.
            Error: Resource Not Found: Device nope-2 could not be found.
            IMPT COMMAND FAILS

            """)
        #expect(try sandbox.impt(arguments + ["-z", "json"]).stdout == """
            {
              "Error": "Resource Not Found: Device nope-1 could not be found."
            }
            {
              "Error": "Resource Not Found: Device nope-2 could not be found."
            }

            """)
    }
}
