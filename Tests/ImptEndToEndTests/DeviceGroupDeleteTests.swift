import Foundation
import Testing

/// `impt dg delete` and `impt dg builds`: summaries, confirmations and the server state after.
@Suite(.inProcess) struct DeviceGroupDeleteTests {
    @Test func forceDeletionAsksThenUnassignsUnflagsAndDeletes() throws {
        let world = try World()
        let (sandbox, _, scenario, product) = (world.sandbox, world.sim, world.scenario, world.product)
        let group = try scenario.deviceGroup(product: product, name: "MyDevDG")
        let flagged = try scenario.deployment(group: group, flagged: true, tags: ["MyRC1"])
        let device = try scenario.devices(1, in: group, prefix: "myDevice")[0]
        let attributes = try #require(try scenario.resource("/devices/\(device)")?["attributes"] as? [String: Any])
        let sha = try #require(try scenario.attribute("sha", of: "/deployments/\(flagged)") as? String)
        let summary = """
            The following entities will be deleted:
            Device Group: 
              id:   \(group)
              type: development
              name: MyDevDG

            The following Devices will be unassigned from Device Groups:
            Device: 
              id:            \(device)
              name:          myDevice0
              mac_address:   \(attributes["mac_address"] as! String)
              agent_id:      \(attributes["agent_id"] as! String)
              device_online: true

            The following Deployments are marked "flagged" to prevent deleting. They will be modified by setting "flagged" attribute to false:
            Deployment: 
              id:      \(flagged)
              sha:     \(sha)
              tags:    MyRC1
              flagged: true

            Are you sure you want to continue?
            Enter 'y' (yes) or 'n' (no): \n

            """
        func unchanged() throws -> Bool {
            try scenario.assigned(to: group) == [device] && scenario.attribute("flagged", of: "/deployments/\(flagged)") as? Bool == true
        }
        let declined = try sandbox.impt(["dg", "delete", "--dg", "MyDevDG", "--force"], stdin: "n\n")
        #expect(declined.stdout == summary + "Operation is canceled.\nIMPT COMMAND FAILS\n", "\(declined)")
        #expect(try declined.status == 1 && (unchanged()))
        let ended = try sandbox.impt(["dg", "delete", "-g", "MyDevDG", "-f"], stdin: "")
        #expect(ended.status == 1 && ended.stdout.hasSuffix("Operation is canceled.\nIMPT COMMAND FAILS\n") && ended.stderr.contains("--confirmed"))
        #expect(try unchanged())
        let json = try sandbox.impt(["dg", "delete", "-g", "MyDevDG", "-f", "-z", "json"], stdin: "n\n")
        #expect(try json.status == 1 && json.stdout.hasSuffix("{}\n") && (unchanged()), "\(json)")

        let accepted = try sandbox.impt(["dg", "delete", "--dg", "MyDevDG", "--force"], stdin: "y\n")
        #expect(accepted.stdout == summary + """
            Device "\(device)" is unassigned successfully.
            Deployment "\(flagged)" is updated successfully.
            Device Group "MyDevDG" is deleted successfully.
            IMPT COMMAND SUCCEEDS

            """, "\(accepted)")
        #expect(try scenario.resource("/devicegroups/\(group)") == nil)
        #expect(try scenario.resource("/deployments/\(flagged)") == nil)
        #expect(try scenario.relation("devicegroup", of: "/devices/\(device)") == nil)
    }

    @Test func deletionWithoutForceAndOfTargets() throws {
        let world = try World()
        let (sandbox, _, scenario, product) = (world.sandbox, world.sim, world.scenario, world.product)
        let busy = try scenario.deviceGroup(product: product, name: "Busy")
        try scenario.deployment(group: busy, flagged: true)
        let refused = try sandbox.impt("dg", "delete", "-g", "Busy", "-q")
        #expect(refused.stdout
            == "Error: Flagged Deployments Exist: Cannot delete a devicegroup with flagged deployments; delete those first.\nIMPT COMMAND FAILS\n")
        #expect(try scenario.resource("/devicegroups/\(busy)") != nil)

        let prod = try scenario.deviceGroup(product: product, name: "Prod", type: "production_devicegroup")
        let dut = try scenario.deviceGroup(product: product, name: "Dut", type: "dut_devicegroup")
        let factory = try scenario.factoryGroup(product: product, name: "Factory", production: prod, dut: dut)
        let fixtureBuild = try scenario.deployment(group: factory, type: "factoryfixture_devicegroup", flagged: true)
        let target = try sandbox.impt("dg", "delete", "-g", "Prod", "-q")
        #expect(target.status == 1 && target.lines.first?.hasPrefix("Error: ") == true, "\(target)")
        #expect(try scenario.resource("/devicegroups/\(prod)") != nil)

        let summary = try sandbox.impt(["dg", "delete", "-g", "Prod", "-f"], stdin: "n\n")
        #expect(summary.stdout.hasPrefix("""
            The following entities will be deleted:
            Device Group: 
              id:   \(prod)
              type: production
              name: Prod
            Device Group: 
              id:   \(factory)
              type: factory
              name: Factory

            The following Deployments are marked "flagged" to prevent deleting. They will be modified by setting "flagged" attribute to false:
            Deployment: 
              id:      \(fixtureBuild)

            """), "\(summary)")
        let forced = try sandbox.impt("dg", "delete", "-g", "Prod", "-f", "-q")
        #expect(forced.stdout == """
            Deployment "\(fixtureBuild)" is updated successfully.
            Device Group "\(factory)" is deleted successfully.
            Device Group "Prod" is deleted successfully.
            IMPT COMMAND SUCCEEDS

            """, "\(forced)")
        #expect(try scenario.resource("/devicegroups/\(factory)") == nil && scenario.resource("/devicegroups/\(prod)") == nil)
        #expect(try scenario.resource("/devicegroups/\(dut)") != nil)

        // Devices leave a production group only with their unbond key, which delete does not take.
        let live = try scenario.deviceGroup(product: product, name: "Live", type: "production_devicegroup")
        let device = try scenario.devices(1, in: live, prefix: "field")[0]
        #expect(try sandbox.impt("dg", "delete", "-g", "Live", "-f", "-q").stdout == """
            Error: Devices can be unassigned from production Device Group "Live" only with their unbond key: use "impt dg unassign --unbond <unbond_key>" first.
            IMPT COMMAND FAILS

            """)
        #expect(try scenario.assigned(to: live) == [device])

        let project = ["deviceGroupId": dut, "deviceFile": "device.nut", "agentFile": "agent.nut"]
        try JSONSerialization.data(withJSONObject: project).write(to: sandbox.file(".impt.project"))
        #expect(try sandbox.impt("dg", "delete", "-q", "-z", "json").stdout == "{}\n")
        #expect(try scenario.resource("/devicegroups/\(dut)") == nil)
        #expect(try sandbox.impt("dg", "delete", "-q", "-z", "minimal").stdout
            == "Error: Device Group \"\(dut)\", saved in Project File, does not exist anymore.\n")
        #expect(try sandbox.impt("dg", "delete", "-g", "Nope", "-q").stdout == "Error: Device Group \"Nope\" is not found.\nIMPT COMMAND FAILS\n")
    }

    @Test func buildsUnflagsAndRemovesOldDeployments() throws {
        let world = try World()
        let (sandbox, sim, scenario, product) = (world.sandbox, world.sim, world.scenario, world.product)
        let group = try scenario.deviceGroup(product: product, name: "G")
        let builds = try [true, true, false, true, false].map { try scenario.deployment(group: group, flagged: $0) }
        let minimum = builds[3], current = builds[4]
        try sim.call(
            "PUT", "/devicegroups/\(group)/relationships/min_supported_deployment",
            body: ["data": ["type": "deployment", "id": minimum]], token: scenario.token)
        func flagged() throws -> [String] {
            try builds.filter { try scenario.attribute("flagged", of: "/deployments/\($0)") as? Bool == true }
        }
        func existing() throws -> [String] { try builds.filter { try scenario.resource("/deployments/\($0)") != nil } }

        let unflagOld = try sandbox.impt("dg", "builds", "-g", "G", "--unflag-old")
        #expect(Set(unflagOld.lines.prefix(2)) == Set(builds[0...1].map { "Deployment \"\($0)\" is updated successfully." }), "\(unflagOld)")
        #expect(unflagOld.lines[2] == "Deployment list (5 items):" && unflagOld.lines.last == "IMPT COMMAND SUCCEEDS")
        #expect(try flagged() == [minimum])

        let declined = try sandbox.impt(["dg", "builds", "-g", "G", "--remove"], stdin: "n\n")
        #expect(declined.lines.first == "The following entities will be deleted:")
        #expect(Set(declined.lines.filter { $0.hasPrefix("  id:") }) == Set(builds[0...2].map { "  id:  \($0)" }), "\(declined)")
        #expect(try declined.stdout.hasSuffix("Operation is canceled.\nIMPT COMMAND FAILS\n") && (existing()) == builds)

        let ended = try sandbox.impt(["dg", "builds", "-g", "G", "--remove"], stdin: "")
        #expect(try ended.status == 1 && ended.stderr.contains("--confirmed") && existing() == builds, "\(ended)")
        let removed = try sandbox.impt("dg", "builds", "-g", "G", "-r", "-q")
        #expect(Set(removed.lines.prefix(3)) == Set(builds[0...2].map { "Deployment \"\($0)\" is deleted successfully." }), "\(removed)")
        #expect(removed.lines[3] == "Deployment list (2 items):")
        #expect(try existing() == [minimum, current])
        #expect(try sandbox.impt("dg", "builds", "-g", "G", "-r", "-q").lines.prefix(2)
            == ["No Deployments that can be deleted are found for Device Group \"G\".", "Deployment list (2 items):"])

        let both = try sandbox.impt("dg", "builds", "-g", group, "-u", "-o")
        #expect(both.lines.prefix(2) == ["Deployment \"\(minimum)\" is updated successfully.", "Deployment list (2 items):"])
        #expect(try flagged() == [])
        let sha = try #require(try scenario.attribute("sha", of: "/deployments/\(current)") as? String)
        let list = try sandbox.impt("dg", "builds", "-g", "G", "--unflag")
        let blocks = [minimum, current].map { build in
            """
            Deployment: 
              id:           \(build)
              sha:          \(sha)
              Device Group: 
                id:   \(group)
                type: development
                name: G

            """
        }
        let expectedList = "No \"flagged\" Deployments are found for Device Group \"G\".\nDeployment list (2 items):\n"
        #expect(list.stdout == expectedList + blocks.joined() + "IMPT COMMAND SUCCEEDS\n"
            || list.stdout == expectedList + blocks.reversed().joined() + "IMPT COMMAND SUCCEEDS\n", "\(list)")
        let json = try sandbox.impt("dg", "builds", "-g", "G", "-z", "json")
        let ids = (json.json as? [[String: [String: Any]]])?.compactMap { $0["Deployment"]?["id"] as? String }
        #expect(Set(ids ?? []) == [minimum, current], "\(json)")
        #expect(try sandbox.impt("dg", "builds", "-g", "G", "-z", "minimal").stdout.hasPrefix("Deployment: \n"))

        try scenario.deviceGroup(product: product, name: "Empty")
        #expect(try sandbox.impt("dg", "builds", "-g", "Empty", "-r", "-u").stdout == """
            No "flagged" Deployments are found for Device Group "Empty".
            No Deployments that can be deleted are found for Device Group "Empty".
            No Deployments are found.
            IMPT COMMAND SUCCEEDS

            """)
    }

    @Test func rateLimitedForceDeletion() throws {
        let sandbox = try Sandbox()
        let setup = try Simulator()
        try sandbox.login(setup)
        let product = try sandbox.createProduct("P")
        let scenario = try Scenario(setup)
        let group = try scenario.deviceGroup(product: product, name: "Busy")
        let builds = try (0..<3).map { _ in try scenario.deployment(group: group, flagged: true) }
        let devices = try scenario.devices(6, in: group, prefix: "d")
        // The same data behind a server that allows 8 requests a second; the command needs more.
        setup.stop()
        let sim = try Simulator(["--demo", "--rate-limit", "8"], data: setup.dataDirectory)
        try sandbox.login(sim)
        let run = try sandbox.impt("dg", "delete", "-g", "Busy", "--force", "--confirmed")
        #expect(run.status == 0, "\(run)")
        #expect(Set(run.lines.prefix(6)) == Set(devices.map { "Device \"\($0)\" is unassigned successfully." }), "\(run)")
        #expect(Set(run.lines[6..<9]) == Set(builds.map { "Deployment \"\($0)\" is updated successfully." }))
        #expect(Array(run.lines.suffix(2)) == ["Device Group \"Busy\" is deleted successfully.", "IMPT COMMAND SUCCEEDS"])
        try sim.advance(seconds: 1)  // a fresh rate-limit window for the checks
        let check = try Scenario(sim)
        #expect(try check.resource("/devicegroups/\(group)") == nil)
        #expect(try check.collection("/devices").allSatisfy { ($0["relationships"] as? [String: Any])?["devicegroup"] == nil })
    }
}
