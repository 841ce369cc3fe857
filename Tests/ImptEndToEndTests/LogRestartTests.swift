import Foundation
import Testing

/// `--log` on `dg restart`, `device restart` and `build run`: restart, then stream as `log stream`
/// does, reconnecting too (the original lost its devices on a reconnect).
@Suite(.ownThreads) struct LogRestartTests {
    static let code = #"server.log("tick");"#

    /// Waits until every device showed a `tick`, then stops the stream.
    func ticks(_ stream: BackgroundRun, _ devices: [String]) -> Run {
        #expect(stream.wait { lines in
            let ticking = Set(lines.entries.filter { $0.message == "tick" }.map(\.device))
            return Set(devices).isSubset(of: ticking)
        })
        return stream.interrupt()
    }

    @Test func dgRestartLogStreamsTheGroupsDevicesAndSurvivesADrop() throws {
        let world = try LogWorld()
        let group = try world.group("G", devices: 2, code: Self.code)
        let stream = try world.start(["dg", "restart", "--dg", "G", "--log"])
        #expect(stream.wait(for: "Press <Ctrl-C> to exit."))
        try world.dropStreams()
        #expect(stream.wait { $0.filter { $0 == "Press <Ctrl-C> to exit." }.count == 2 })
        let run = ticks(stream, group.devices)
        #expect(run.status == 0)
        let listed = try world.listed(group.id)
        let head = ["Restart request for Devices assigned to Device Group \"G\" is successful:"]
            + listed.flatMap { deviceBlock($0, name: "G-\(group.devices.firstIndex(of: $0)!)") }
            + openedLines(listed)
        #expect(matches(run.lines.prefix(head.count), head))
        #expect(run.lines.contains(LogReconnectTests.lost))
        #expect(run.lines.last == "IMPT COMMAND SUCCEEDS")
    }

    /// With --no-reconnect, a dropped stream ends the restart command with the error instead.
    @Test(arguments: ["dg restart", "device restart", "build run"])
    func noReconnectEndsTheRestartWithTheError(command: String) throws {
        let world = try LogWorld()
        let group = try world.group("G", devices: 1, code: Self.code)
        try world.project(group: group.id)
        try Self.code.write(to: world.sandbox.file("device.nut"), atomically: true, encoding: .utf8)
        try "".write(to: world.sandbox.file("agent.nut"), atomically: true, encoding: .utf8)
        let target = command == "device restart" ? ["--device", group.devices[0]] : command == "dg restart" ? ["--dg", "G"] : []
        let stream = try world.start(command.split(separator: " ").map(String.init) + target + ["--log", "--no-reconnect"])
        #expect(stream.wait(for: "Press <Ctrl-C> to exit."))
        try world.dropStreams()
        let run = stream.finish()
        #expect(run.status == 1, "\(run)")
        #expect(run.lines.suffix(2) == ["Error: The log stream is lost. impCentral ended the log stream.", "IMPT COMMAND FAILS"], "\(run)")
        #expect(run.lines.filter { $0 == "Press <Ctrl-C> to exit." }.count == 1, "no reconnect: \(run)")
    }

    @Test func deviceRestartLogStreamsTheDevice() throws {
        let world = try LogWorld()
        let device = try world.group("G", devices: 1, code: Self.code).devices[0]
        let stream = try world.start(["device", "restart", "--device", device, "--log"])
        let run = ticks(stream, [device])
        #expect(run.status == 0)
        #expect(Array(run.lines.prefix(5)) == ["Restart request for Device \"\(device)\" is successful."] + openedLines([device]))
        #expect(run.lines.last == "IMPT COMMAND SUCCEEDS")
    }

    @Test func buildRunLogSaysTheDeploymentRunsThenStreams() throws {
        let world = try LogWorld()
        let group = try world.group("G", devices: 1)
        try world.project(group: group.id)
        try Self.code.write(to: world.sandbox.file("device.nut"), atomically: true, encoding: .utf8)
        try "".write(to: world.sandbox.file("agent.nut"), atomically: true, encoding: .utf8)
        let stream = try world.start(["build", "run", "--log"])
        let run = ticks(stream, group.devices)
        #expect(run.status == 0)
        let created = try #require(run.lines.first)
        #expect(created.hasPrefix("Deployment \"") && created.hasSuffix("\" is created successfully."))
        let build = created.dropFirst("Deployment \"".count).prefix { $0 != "\"" }
        let index = try #require(run.lines.firstIndex(of: "Deployment \"\(build)\" is run successfully."))
        #expect(Array(run.lines[(index + 1)...].prefix(4)) == openedLines(group.devices))
        #expect(run.lines[index - 1].hasPrefix("  device_online:"))
    }

    @Test func productionGroupsAreRefusedBeforeAnythingRestarts() throws {
        let world = try LogWorld()
        let production = try world.group("Prod", devices: 1, type: "production_devicegroup", code: Self.code)
        let refused = "Error: Device Group \"Prod\" is a production Device Group: impCentral offers no logs of production devices."
        let group = try world.sandbox.impt("dg", "restart", "--dg", "Prod", "--log")
        #expect(group.lines == [refused, "IMPT COMMAND FAILS"])
        let device = production.devices[0]
        let single = try world.sandbox.impt("device", "restart", "--device", device, "--log")
        #expect(single.lines == [
            "Error: Device \"\(device)\" is assigned to a production Device Group: impCentral offers no logs of production devices.",
            "IMPT COMMAND FAILS",
        ])
        let deployments = try world.scenario.collection("/deployments?filter[devicegroup.id]=\(production.id)").count
        let build = try world.sandbox.impt("build", "run", "--dg", "Prod", "--log")
        #expect(build.lines == [refused, "IMPT COMMAND FAILS"])
        #expect(try world.scenario.collection("/deployments?filter[devicegroup.id]=\(production.id)").count == deployments)
    }

    @Test func restartUsageLinesAreTheOriginals() throws {
        let world = try LogWorld()
        for (command, usage) in [
            (["dg", "restart"], "impt dg restart [--dg <DEVICE_GROUP_IDENTIFIER>] [--conditional] [--log] [--no-reconnect] [--output <mode>] [--help]"),
            (["device", "restart"], "impt device restart --device <DEVICE_IDENTIFIER> [--conditional] [--log] [--no-reconnect] [--output <mode>] [--help]"),
            (["build", "run"], "impt build run [--dg <DEVICE_GROUP_IDENTIFIER>] [--device-file <device_file>] [--agent-file <agent_file>] "
                + "[--descr <build_description>] [--origin <origin>] [--tag <tag>] [--flagged [true|false]] [--conditional] [--log] "
                + "[--no-reconnect] [--watch] [--output <mode>] [--help]"),
        ] {
            let help = try world.sandbox.impt(command + ["--help"])
            #expect(help.lines.dropFirst().first == "Usage: " + usage)
            #expect(help.stdout.contains("--no-reconnect"))
        }
    }
}
