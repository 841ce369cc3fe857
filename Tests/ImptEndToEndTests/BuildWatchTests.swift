import Foundation
import Testing

/// `impt build run --watch`: the first run, then a Deployment and a restart per save with new
/// content, one log stream throughout with a separator per redeployment, Ctrl-C ending it.
@Suite(.ownThreads) struct BuildWatchTests {
    static func code(_ version: Int) -> String { "server.log(\"version \(version)\");\n" }

    /// A group "G" with one device, a project for it and its source files.
    func project(_ world: LogWorld) throws -> (id: String, devices: [String]) {
        let group = try world.group("G", devices: 1)
        try world.project(group: group.id)
        try Self.code(1).write(to: world.sandbox.file("device.nut"), atomically: false, encoding: .utf8)
        try "".write(to: world.sandbox.file("agent.nut"), atomically: false, encoding: .utf8)
        return group
    }

    /// Saves as editors do that write a temporary file and rename it over the original.
    func saveByRename(_ text: String, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".device.nut.swp")
        try text.write(to: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary.path, url.path) == 0 else { throw ProcessError(description: "rename failed") }
    }

    /// The group's Deployments, oldest first.
    func deployments(_ world: LogWorld, _ group: String) throws -> [String] {
        func created(_ deployment: [String: Any]) -> String {
            (deployment["attributes"] as? [String: Any])?["created_at"] as? String ?? ""
        }
        return try world.scenario.collection("/deployments?filter[devicegroup.id]=\(group)")
            .sorted { created($0) < created($1) }
            .map { $0["id"] as? String ?? "" }
    }

    func separator(_ number: Int, _ deployment: String) -> String {
        "========== Redeploy \(number): Deployment \"\(deployment)\" (device.nut changed) =========="
    }

    /// Whether `message` was streamed after `line` (and not before it).
    func streamedOnlyAfter(_ lines: [String], _ line: String, _ message: String) -> Bool {
        guard let index = lines.firstIndex(of: line) else { return false }
        let before = Array(lines[..<index]).entries.contains { $0.message == message }
        let after = Array(lines[index...]).entries.contains { $0.message == message }
        return !before && after
    }

    @Test func threeSavesTwoOfThemIdenticalRedeployTwiceOnOneStream() throws {
        let world = try LogWorld()
        let group = try project(world)
        let device = world.sandbox.file("device.nut")
        let stream = try world.start(["build", "run", "--watch"])
        #expect(stream.wait { $0.entries.contains { $0.message == "version 1" } })

        try saveByRename(Self.code(2), to: device)
        #expect(stream.wait { $0.entries.contains { $0.message == "version 2" } })
        // The same bytes again: nothing to deploy. Real time is what is tested here: impt's watcher
        // debounces saves on its own clock, and waiting well past that debounce keeps this save
        // apart from the next one.
        try Self.code(2).write(to: device, atomically: false, encoding: .utf8)
        Thread.sleep(forTimeInterval: 0.8)
        try Self.code(3).write(to: device, atomically: false, encoding: .utf8)
        #expect(stream.wait { $0.entries.contains { $0.message == "version 3" } })
        let run = stream.interrupt()

        #expect(run.status == 0)
        let ids = try deployments(world, group.id)
        try #require(ids.count == 3)
        let lines = run.lines
        let head = try #require(lines.firstIndex(of: "Deployment \"\(ids[0])\" is run successfully."))
        #expect(Array(lines[(head + 1)...].prefix(5))
            == ["Watching device.nut and agent.nut: each save deploys the code and restarts the Devices."] + openedLines(group.devices))
        #expect(lines.filter { $0.hasPrefix("==========") } == [separator(1, ids[1]), separator(2, ids[2])])
        #expect(streamedOnlyAfter(lines, separator(1, ids[1]), "version 2"))
        #expect(streamedOnlyAfter(lines, separator(2, ids[2]), "version 3"))
        #expect(lines.filter { $0.hasPrefix("Log stream for Device(s)") }.count == 1)
        #expect(lines.last == "IMPT COMMAND SUCCEEDS")
        #expect(run.stderr == "")
    }

    @Test func jsonModePrintsEachRedeploymentAsAnObject() throws {
        let world = try LogWorld()
        let group = try project(world)
        let stream = try world.start(["build", "run", "--watch", "--output", "json"])
        #expect(stream.wait { $0.contains { $0.contains("\"version 1\"") } })
        try Self.code(2).write(to: world.sandbox.file("device.nut"), atomically: false, encoding: .utf8)
        #expect(stream.wait { $0.contains { $0.contains("\"version 2\"") } })
        let run = stream.interrupt()
        #expect(run.status == 0)
        let ids = try deployments(world, group.id)
        try #require(ids.count == 2)
        let objects = run.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let separators = objects.filter { $0["redeploy"] != nil }
        try #require(separators.count == 1)
        #expect(separators[0] as NSDictionary == [
            "redeploy": 1, "deployment": ids[1], "devicegroup": group.id, "changed": ["device.nut"],
        ] as NSDictionary)
        let index = try #require(objects.firstIndex { $0["redeploy"] != nil })
        #expect(objects[index...].contains { $0["msg"] as? String == "version 2" })
        #expect(!objects[..<index].contains { $0["msg"] as? String == "version 2" })
    }

    @Test func refusedCodeIsReportedAndTheWatchGoesOn() throws {
        let world = try LogWorld()
        let group = try project(world)
        let device = world.sandbox.file("device.nut")
        let stream = try world.start(["build", "run", "--watch"])
        #expect(stream.wait { $0.entries.contains { $0.message == "version 1" } })
        try "server.log(\"unbalanced\";\n".write(to: device, atomically: false, encoding: .utf8)
        #expect(stream.wait { $0.contains { $0.hasPrefix("Error: ") } })
        try Self.code(2).write(to: device, atomically: false, encoding: .utf8)
        #expect(stream.wait { $0.entries.contains { $0.message == "version 2" } })
        let run = stream.interrupt()
        #expect(run.status == 0)
        let ids = try deployments(world, group.id)
        try #require(ids.count == 2)
        #expect(run.lines.filter { $0.hasPrefix("==========") } == [separator(1, ids[1])])
        #expect(run.lines.last == "IMPT COMMAND SUCCEEDS")
    }

    @Test func aGroupWithoutDevicesIsStillRedeployed() throws {
        let world = try LogWorld()
        let group = try world.group("G", devices: 0)
        try world.project(group: group.id)
        try Self.code(1).write(to: world.sandbox.file("device.nut"), atomically: false, encoding: .utf8)
        try "".write(to: world.sandbox.file("agent.nut"), atomically: false, encoding: .utf8)
        let stream = try world.start(["build", "run", "--watch"])
        #expect(stream.wait(for: "Press <Ctrl-C> to exit."))
        try Self.code(1).write(to: world.sandbox.file("agent.nut"), atomically: false, encoding: .utf8)
        #expect(stream.wait { $0.contains { $0.hasPrefix("==========") } })
        let run = stream.interrupt()
        #expect(run.status == 0)
        let ids = try deployments(world, group.id)
        try #require(ids.count == 2)
        #expect(run.lines.contains("Log stream without Devices is opened."))
        #expect(run.lines.filter { $0.hasPrefix("==========") }
            == ["========== Redeploy 1: Deployment \"\(ids[1])\" (agent.nut changed) =========="])
        #expect(run.lines.last == "IMPT COMMAND SUCCEEDS")
    }

    @Test func watchWithoutAProjectIsAUsageError() throws {
        let world = try LogWorld()
        _ = try world.group("G", devices: 1, code: Self.code(1))
        let run = try world.sandbox.impt("build", "run", "--dg", "G", "--watch")
        #expect(run.status == 1)
        #expect(Array(run.lines.suffix(2)) == [
            "Error: Option \"--watch\" works in a Project only: there is no Project File in the current directory.",
            "IMPT COMMAND FAILS",
        ])
        #expect(run.lines.first?.hasPrefix("Usage: ") == true || run.lines.dropFirst().first?.hasPrefix("Usage: ") == true)
        #expect(try world.scenario.collection("/deployments").count == 1)
    }
}
