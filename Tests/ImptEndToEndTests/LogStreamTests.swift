import Foundation
import Testing

/// `impt log stream`: the original's lines, JSON Lines, Ctrl-C, the server closing the stream, and
/// the devices impt refuses or cannot stream.
@Suite(.ownThreads) struct LogStreamTests {
    @Test func devicesAndGroupsInOneStream() throws {
        let world = try LogWorld()
        let first = try world.group("G1", devices: 2)
        let second = try world.group("G2", devices: 1)
        let single = try world.group("G3", devices: 1).devices[0]
        // A device named twice is streamed once.
        let stream = try world.start(["log", "stream", "-d", single, "--dg", "G1", "--dg", "G2", "-d", first.devices[1]])
        // --device values come first, then each group's devices in the order impCentral lists them.
        let devices = [single, first.devices[1]] + (try world.listed(first.id)).filter { $0 != first.devices[1] } + second.devices
        #expect(stream.wait(for: "Press <Ctrl-C> to exit."))
        var expected = openedLines(devices)
        for (index, device) in devices.enumerated() {
            let ts = try world.log(device, ["hello \(index)"])
            expected.append(streamed(device, ts, "hello \(index)"))
            #expect(stream.wait { $0.count == expected.count })
        }
        let run = stream.interrupt()
        #expect(run.status == 0)
        #expect(run.lines == expected + ["IMPT COMMAND SUCCEEDS"])
        #expect(run.stderr == "")
    }

    @Test func multiLineMessagesAreBlocksInText() throws {
        let world = try LogWorld()
        let device = try world.group("G", devices: 1).devices[0]
        let text = try world.start(["log", "stream", "--device", device])
        #expect(text.wait(for: "Press <Ctrl-C> to exit."))
        let ts = try world.log(device, ["line one\nline two", "plain"])
        #expect(text.wait { $0.last == streamed(device, ts, "plain") })
        #expect(text.interrupt().lines == openedLines([device]) + [
            "\"\"\"", "  " + streamed(device, ts, "line one"), "  line two", "\"\"\"", streamed(device, ts, "plain"),
            "IMPT COMMAND SUCCEEDS",
        ])
    }

    @Test func jsonModeIsJSONLines() throws {
        let world = try LogWorld()
        let device = try world.group("G", devices: 1).devices[0]
        let stream = try world.start(["log", "stream", "--device", device, "--output", "json"])
        // Nothing is printed when the stream opens: log until the stream shows an entry.
        #expect(stream.wait(timeout: 30) { lines in
            if lines.isEmpty { _ = try? world.log(device, ["ping"]) }
            return !lines.isEmpty
        })
        let ts = try world.log(device, ["a \"quoted\" one", "b\nc"], type: "agent.log")
        #expect(stream.wait { $0.last?.contains("b\\nc") == true })
        let run = stream.interrupt()
        #expect(run.status == 0)
        let lines = run.lines.filter { !$0.contains(#""msg":"ping""#) }
        #expect(lines == [
            #"{"device_id":"\#(device)","ts":"\#(ts)","type":"agent.log","msg":"a \"quoted\" one"}"#,
            #"{"device_id":"\#(device)","ts":"\#(ts)","type":"agent.log","msg":"b\nc"}"#,
        ])
        for line in run.lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["device_id"] as? String == device)
        }
    }

    @Test func aStreamClosedByImpCentralEndsSuccessfully() throws {
        let world = try LogWorld()
        let device = try world.group("G", devices: 1).devices[0]
        let stream = try world.start(["log", "stream", "--device", device])
        #expect(stream.wait(for: "Press <Ctrl-C> to exit."))
        // A new stream of the account closes this one (the simulator keeps one per account).
        #expect(try world.sim.call("POST", "/logstream", token: world.scenario.token).status == 200)
        let run = stream.finish()
        #expect(run.status == 0)
        #expect(run.lines == openedLines([device]) + ["The log stream is closed.", "IMPT COMMAND SUCCEEDS"])
    }

    @Test func devicesBeyondTheStreamsLimitAreNamed() throws {
        let world = try LogWorld(["--max-stream-devices", "2"])
        let devices = try world.listed(try world.group("G", devices: 3).id)
        let stream = try world.start(["log", "stream", "--dg", "G"])
        let dropped = "Error: Device \"\(devices[0])\" is not streamed: the log stream holds no more Devices."
        #expect(stream.wait(for: dropped))
        var expected = openedLines(devices) + [dropped]
        for device in devices {
            let ts = try world.log(device, ["from \(device)"])
            if device != devices[0] { expected.append(streamed(device, ts, "from \(device)")) }
        }
        // A last line of a streamed device, logged after all others: once it is shown, nothing
        // else can come.
        let ts = try world.log(devices[1], ["last"])
        expected.append(streamed(devices[1], ts, "last"))
        #expect(stream.wait { $0.count == expected.count })
        #expect(stream.interrupt().lines == expected + ["IMPT COMMAND SUCCEEDS"])
    }

    @Test func theProjectsDevicesAreTheDefault() throws {
        let world = try LogWorld()
        let group = try world.group("G", devices: 2)
        try world.project(group: group.id)
        let stream = try world.start(["log", "stream"])
        #expect(stream.wait(for: "Press <Ctrl-C> to exit."))
        #expect(stream.interrupt().lines == openedLines(try world.listed(group.id)) + ["IMPT COMMAND SUCCEEDS"])
    }

    @Test func productionDevicesAreRefusedAndFactoryFixtureDevicesStream() throws {
        let world = try LogWorld()
        let production = try world.group("Prod", devices: 1, type: "production_devicegroup")
        let dut = try world.group("DUT", devices: 0, type: "dut_devicegroup")
        let factory = try world.group(
            "Factory", devices: 1, type: "factoryfixture_devicegroup",
            relationships: ["production_target": ["type": "production_devicegroup", "id": production.id],
                            "dut_target": ["type": "dut_devicegroup", "id": dut.id]])
        let device = production.devices[0]
        let message = "is assigned to a production Device Group: impCentral offers no logs of production devices."
        for arguments in [["log", "stream", "-d", device], ["log", "get", "-d", device]] {
            let run = try world.sandbox.impt(arguments)
            #expect(run.status == 1)
            #expect(run.lines == ["Error: Device \"\(device)\" \(message)", "IMPT COMMAND FAILS"])
        }
        let group = try world.sandbox.impt("log", "stream", "--dg", "Prod")
        #expect(group.lines == [
            "Error: Device Group \"Prod\" is a production Device Group: impCentral offers no logs of production devices.",
            "IMPT COMMAND FAILS",
        ])
        let fixture = factory.devices[0]
        let stream = try world.start(["log", "stream", "--dg", "Factory"])
        #expect(stream.wait(for: "Press <Ctrl-C> to exit."))
        let ts = try world.log(fixture, ["fixture says hi"])
        #expect(stream.wait { $0.last == streamed(fixture, ts, "fixture says hi") })
        #expect(stream.interrupt().status == 0)
        let history = try world.sandbox.impt(["log", "get", "-d", fixture], stdin: "")
        #expect(history.lines.first == "\(ts) [server.log] fixture says hi")
    }

    @Test func unknownAndMissingDevices() throws {
        let world = try LogWorld()
        let unknown = try world.sandbox.impt("log", "stream", "--device", "nope")
        #expect(unknown.status == 1)
        #expect(unknown.lines == ["Error: Device \"nope\" is not found.", "IMPT COMMAND FAILS"])
        let unknownGroup = try world.sandbox.impt("log", "stream", "--dg", "nope")
        #expect(unknownGroup.lines == ["Error: Device Group \"nope\" is not found.", "IMPT COMMAND FAILS"])
        let none = try world.sandbox.impt("log", "stream")
        #expect(none.lines == ["Error: No Device Identifier is specified.", "IMPT COMMAND FAILS"])
        let empty = try world.group("Empty", devices: 0)
        #expect(try world.sandbox.impt("log", "stream", "--dg", empty.id).lines
            == ["Error: No Device Identifier is specified.", "IMPT COMMAND FAILS"])
        // An empty identifier names nothing, as for every other command.
        #expect(try world.sandbox.impt("log", "stream", "-d", "").lines
            == ["Error: No Device Identifier is specified.", "IMPT COMMAND FAILS"])
        #expect(try world.sandbox.impt("log", "stream", "-g", "").lines
            == ["Error: No Device Group Identifier is specified.", "IMPT COMMAND FAILS"])
        #expect(try world.sandbox.impt("log", "stream", "-d", "", "-z", "json").stdout
            == "{\n  \"Error\": \"No Device Identifier is specified.\"\n}\n")
    }

    @Test func aDeviceInNoGroupIsStreamedWithANote() throws {
        let world = try LogWorld()
        let device = try world.scenario.newDevice("loose")
        let stream = try world.start(["log", "stream", "--device", device])
        #expect(stream.wait(for: "Press <Ctrl-C> to exit."))
        let ts = try world.log(device, ["still here"])
        #expect(stream.wait { $0.last == streamed(device, ts, "still here") })
        #expect(stream.interrupt().lines == [
            "Device \"\(device)\" is not assigned to a Device Group: it runs no code and may log nothing."
        ] + openedLines([device]) + [streamed(device, ts, "still here"), "IMPT COMMAND SUCCEEDS"])
    }

    @Test func usageLineIsTheOriginals() throws {
        let world = try LogWorld()
        let help = try world.sandbox.impt("log", "stream", "--help")
        #expect(help.lines.prefix(2) == [
            "", "Usage: impt log stream [--device <DEVICE_IDENTIFIER>] [--dg <DEVICE_GROUP_IDENTIFIER>] [--no-reconnect] [--output <mode>] [--help]",
        ])
        #expect(help.stdout.contains("--no-reconnect"))
    }
}
