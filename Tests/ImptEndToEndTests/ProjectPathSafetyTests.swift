import Foundation
import Testing

/// A project file is untrusted input: the source files it names must stay inside its directory.
/// `project delete --files`, `build deploy` (reads), `build get` (writes) and the commands that write
/// a project file refuse any path that leads elsewhere, and leave every file as it was.
@Suite(.inProcess) struct ProjectPathSafetyTests {
    /// A logged-in sandbox whose working directory is `work/project`, beside a `victim.nut` that
    /// must survive everything.
    final class World {
        let sandbox: Sandbox
        let sim: Simulator
        let project: URL
        let victim: URL
        let groupID: String

        init() throws {
            sandbox = try Sandbox()
            sim = try Simulator()
            try sandbox.login(sim)
            _ = try sandbox.createProduct("P")
            project = sandbox.work.appendingPathComponent("project")
            try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
            victim = sandbox.work.appendingPathComponent("victim.nut")
            try Data("precious\n".utf8).write(to: victim)
            let created = try sandbox.impt(["project", "create", "-p", "P", "-n", "G", "-q", "-z", "json"], in: project)
            try #require(created.status == 0, "\(created)")
            let info = try #require((created.json as? [String: Any])?["Project"] as? [String: Any])
            groupID = try #require((info["Device Group"] as? [String: Any])?["id"] as? String)
        }

        @discardableResult
        func impt(_ arguments: String...) throws -> Run { try sandbox.impt(arguments, in: project) }

        /// Replaces the project file with one naming these source files.
        func plant(device: String, agent: String = "agent.nut") throws {
            let text = "{\n  \"deviceGroupId\": \"\(groupID)\",\n  \"deviceFile\": \"\(device)\",\n  \"agentFile\": \"\(agent)\"\n}"
            try Data(text.utf8).write(to: projectFile)
        }

        var projectFile: URL { project.appendingPathComponent(".impt.project") }
        var victimText: String? { try? String(contentsOf: victim, encoding: .utf8) }
        var projectText: String? { try? String(contentsOf: projectFile, encoding: .utf8) }
    }

    @Test(arguments: ["../victim.nut", "sub/../../victim.nut", "ABSOLUTE"])
    func deleteFilesRefusesPathsOutsideTheProject(_ planted: String) throws {
        let world = try World()
        let path = planted == "ABSOLUTE" ? world.victim.path : planted
        try world.plant(device: path)
        let before = world.projectText
        let run = try world.impt("project", "delete", "--files", "-q")
        #expect(run.status == 1, "\(run)")
        let reason = planted == "ABSOLUTE"
            ? "it is an absolute path; a Project's source files must be inside its directory"
            : "it is outside the Project's directory"
        #expect(run.stdout.contains("Error: Project File names \"\(path)\" as its device source file: \(reason).\n"), "\(run)")
        #expect(run.lines.last == "IMPT COMMAND FAILS")
        #expect(world.victimText == "precious\n")
        #expect(world.projectText == before)
    }

    @Test func symbolicLinksLeadingOutAreRefused() throws {
        let world = try World()
        let manager = FileManager.default
        // A link to a file outside, and a link to a directory outside.
        try manager.removeItem(at: world.project.appendingPathComponent("device.nut"))
        try manager.createSymbolicLink(atPath: world.project.appendingPathComponent("device.nut").path,
                                       withDestinationPath: "../victim.nut")
        try world.plant(device: "device.nut")
        var run = try world.impt("project", "delete", "--all", "-q")
        #expect(run.status == 1 && run.stdout.contains("as its device source file: it is outside the Project's directory."), "\(run)")
        #expect(world.victimText == "precious\n")
        #expect(try world.impt("dg", "info", "--dg", world.groupID).status == 0, "nothing is deleted in impCentral either")

        try manager.removeItem(at: world.project.appendingPathComponent("device.nut"))
        try manager.createSymbolicLink(atPath: world.project.appendingPathComponent("up").path, withDestinationPath: "..")
        try world.plant(device: "up/victim.nut")
        run = try world.impt("project", "delete", "--files", "-q")
        #expect(run.status == 1 && run.stdout.contains("Error: Project File names \"up/victim.nut\""), "\(run)")
        #expect(world.victimText == "precious\n")

        // A dangling link cannot be shown to stay inside.
        try world.plant(device: "dangling.nut")
        try manager.createSymbolicLink(atPath: world.project.appendingPathComponent("dangling.nut").path,
                                       withDestinationPath: "../nowhere/x.nut")
        run = try world.impt("project", "info")
        #expect(run.status == 1 && run.stdout.contains("it leads through a symbolic link that cannot be resolved."), "\(run)")
    }

    @Test func buildCommandsNeitherReadNorWriteOutside() throws {
        let world = try World()
        try world.plant(device: "../victim.nut")
        let deploy = try world.impt("build", "deploy")
        #expect(deploy.status == 1 && deploy.stdout.contains("Error: Project File names \"../victim.nut\""), "\(deploy)")
        let builds = try world.impt("build", "list", "--dg", world.groupID, "-z", "json")
        #expect(!builds.stdout.contains("precious"), "no Deployment carries the file's text")

        // build get with the project's files as destinations.
        let made = try world.sandbox.impt(["build", "deploy", "--dg", world.groupID, "-x", "../victim.nut", "-y", "agent.nut", "-z", "json"], in: world.project)
        #expect(made.status == 0, "an explicit option is the user's own choice: \(made)")
        try Data("changed\n".utf8).write(to: world.victim)
        let get = try world.impt("build", "get", "-q")
        #expect(get.status == 1 && get.stdout.contains("as its device source file: it is outside the Project's directory."), "\(get)")
        #expect(world.victimText == "changed\n")
    }

    @Test func projectFilesAreNeverWrittenWithPathsOutside() throws {
        let world = try World()
        let before = world.projectText
        for option in [["-x", "../victim.nut"], ["-y", world.victim.path], ["-x", "a/../../b.nut"]] {
            let update = try world.sandbox.impt(["project", "update"] + option, in: world.project)
            #expect(update.status == 1 && update.stdout.contains("Error: File error: \(option[1]): "), "\(update)")
            #expect(world.projectText == before)
        }
        // create refuses before it creates anything in impCentral.
        let other = world.sandbox.work.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let create = try world.sandbox.impt(["project", "create", "-p", "P", "-n", "New", "-x", "../escaped.nut"], in: other)
        #expect(create.status == 1 && create.stdout.contains("Error: File error: ../escaped.nut: it is outside the Project's directory."),
                "\(create)")
        #expect(!FileManager.default.fileExists(atPath: world.sandbox.work.appendingPathComponent("escaped.nut").path))
        #expect(try world.impt("dg", "info", "--dg", "New").status == 1, "no Device Group was created")
        let link = try world.sandbox.impt(["project", "link", "--dg", world.groupID, "-y", "../escaped.nut", "-q"], in: other)
        #expect(link.status == 1 && link.stdout.contains("Error: File error: ../escaped.nut:"), "\(link)")

        // Paths inside, including through a link that stays inside, keep working.
        try FileManager.default.createDirectory(at: world.project.appendingPathComponent("src"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: world.project.appendingPathComponent("code").path, withDestinationPath: "src")
        let fine = try world.impt("project", "update", "-x", "code/device.nut", "-y", "./src/../agent2.nut")
        #expect(fine.status == 0, "\(fine)")
        #expect(FileManager.default.fileExists(atPath: world.project.appendingPathComponent("src/device.nut").path))
        let delete = try world.impt("project", "delete", "--files", "-q")
        #expect(delete.status == 0, "\(delete)")
        #expect(!FileManager.default.fileExists(atPath: world.project.appendingPathComponent("src/device.nut").path))
        #expect(world.victimText == "precious\n")
    }
}
