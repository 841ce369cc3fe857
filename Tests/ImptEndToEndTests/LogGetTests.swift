import Foundation
import Testing

/// `impt log get`: a device's history page by page, as the original pages it.
@Suite(.inProcess) struct LogGetTests {
    static let prompt = "Press <Enter> to see more logs or <Ctrl-C> to exit."

    /// A world with one quiet device holding entries `e1` ... `e<count>` (logged together, so they
    /// share one timestamp and come back newest first: e<count> ... e1).
    func world(entries count: Int) throws -> (LogWorld, device: String, ts: String) {
        let world = try LogWorld()
        let device = try world.scenario.newDevice("quiet")
        let ts = try world.log(device, (1...count).map { "e\($0)" })
        return (world, device, ts)
    }

    func lines(_ ts: String, _ numbers: ClosedRange<Int>) -> [String] {
        numbers.reversed().map { "\(ts) [server.log] e\($0)" }
    }

    @Test func threePagesWithPipedEnter() throws {
        let (world, device, ts) = try world(entries: 15)
        let run = try world.sandbox.impt(["log", "get", "--device", device, "--page-size", "5"], stdin: "\n\n\n\n")
        let page = ["IMPT COMMAND SUCCEEDS", "", Self.prompt]
        #expect(run.status == 0)
        #expect(run.lines == lines(ts, 11...15) + page + lines(ts, 6...10) + page + lines(ts, 1...5) + page + page
            + ["No more logs are available.", "IMPT COMMAND SUCCEEDS"])
    }

    @Test func aShortPageEndsTheLogsAtTheNextEnter() throws {
        let (world, device, ts) = try world(entries: 7)
        let run = try world.sandbox.impt(["log", "get", "-d", device, "-s", "5"], stdin: "\n\n\n")
        let page = ["IMPT COMMAND SUCCEEDS", "", Self.prompt]
        #expect(run.lines == lines(ts, 3...7) + page + lines(ts, 1...2) + page
            + ["No more logs are available.", "IMPT COMMAND SUCCEEDS"])
    }

    @Test func theEndOfInputEndsPagingSuccessfully() throws {
        let (world, device, ts) = try world(entries: 30)
        let run = try world.sandbox.impt(["log", "get", "--device", device], stdin: "")
        #expect(run.status == 0)
        #expect(run.lines == lines(ts, 11...30) + ["IMPT COMMAND SUCCEEDS", "", Self.prompt, "IMPT COMMAND SUCCEEDS"])
    }

    @Test func pageNumberShowsThatPageOnly() throws {
        let (world, device, ts) = try world(entries: 15)
        let run = try world.sandbox.impt("log", "get", "--device", device, "--page-size", "5", "--page-number", "2")
        #expect(run.status == 0)
        #expect(run.lines == lines(ts, 6...10) + ["IMPT COMMAND SUCCEEDS"])
        let beyond = try world.sandbox.impt("log", "get", "--device", device, "--page-size", "5", "--page-number", "9")
        #expect(beyond.lines == ["IMPT COMMAND SUCCEEDS"])
    }

    @Test func jsonModePrintsEachPageAsAnArrayAndNoPrompts() throws {
        let (world, device, ts) = try world(entries: 3)
        let run = try world.sandbox.impt(["log", "get", "--device", device, "-s", "2", "-z", "json"], stdin: "\n\n")
        func entry(_ n: Int, last: Bool) -> [String] {
            ["  {", "    \"ts\": \"\(ts)\",", "    \"type\": \"server.log\",", "    \"msg\": \"e\(n)\"", last ? "  }" : "  },"]
        }
        #expect(run.status == 0)
        #expect(run.lines == ["["] + entry(3, last: false) + entry(2, last: true) + ["]", "["] + entry(1, last: true) + ["]"])
    }

    @Test func sinceShowsOnlyLaterEntries() throws {
        let world = try LogWorld()
        let device = try world.scenario.newDevice("quiet")
        try world.log(device, ["old"])
        try world.sim.advance(seconds: 0.05)  // later entries get a later time
        let ts = try world.log(device, ["new 1", "new 2"])
        let run = try world.sandbox.impt(["log", "get", "--device", device, "--since", ts], stdin: "\n")
        #expect(run.lines == ["\(ts) [server.log] new 2", "\(ts) [server.log] new 1", "IMPT COMMAND SUCCEEDS", "", Self.prompt,
                              "No more logs are available.", "IMPT COMMAND SUCCEEDS"])
        let wrong = try world.sandbox.impt("log", "get", "--device", device, "--since", "yesterday")
        #expect(wrong.status == 1)
        #expect(wrong.stdout.hasPrefix("\nUsage: impt log get [--device <DEVICE_IDENTIFIER>] [--page-size <number_of_entries>] "
            + "[--page-number <page_number>] [--since <ISO_time>] [--output <mode>] [--help]\n"))
        #expect(wrong.stdout.hasSuffix("\nError: Option \"--since\" has incorrect value \"yesterday\".\nIMPT COMMAND FAILS\n"))
    }

    @Test func ctrlCAtTheTerminalEndsSuccessfully() throws {
        let (world, device, ts) = try world(entries: 4)
        let terminal = try Terminal(
            world.sandbox.executable, ["log", "get", "--device", device, "--page-size", "2"], environment: world.sandbox.environment,
            directory: world.sandbox.work)
        terminal.read(until: Self.prompt)
        terminal.type("")
        terminal.read(until: "e1\r\n")
        terminal.read(until: Self.prompt, occurrences: 2)
        kill(terminal.process.processIdentifier, SIGINT)
        let transcript = Terminal.withoutSpinner(terminal.readToExit())
        #expect(terminal.waitForExit() == 0)
        let expected = lines(ts, 3...4) + ["IMPT COMMAND SUCCEEDS", "", Self.prompt, ""] + lines(ts, 1...2)
            + ["IMPT COMMAND SUCCEEDS", "", Self.prompt, "", "IMPT COMMAND SUCCEEDS", ""]
        #expect(transcript == expected.joined(separator: "\r\n"))
    }

    @Test func theProjectsOnlyDeviceIsTheDefault() throws {
        let world = try LogWorld()
        let (group, devices) = try world.group("G", devices: 1)
        let ts = try world.log(devices[0], ["hello"])
        try world.project(group: group)
        let run = try world.sandbox.impt(["log", "get"], stdin: "")
        #expect(run.lines == ["\(ts) [server.log] hello", "IMPT COMMAND SUCCEEDS", "", Self.prompt, "IMPT COMMAND SUCCEEDS"])
        let (other, _) = try world.group("H", devices: 2)
        try world.project(group: other)
        let ambiguous = try world.sandbox.impt(["log", "get"], stdin: "")
        #expect(ambiguous.status == 1)
        #expect(ambiguous.lines.first == "Error: Multiple Devices are found:")
        #expect(ambiguous.lines.suffix(2) == ["Impossible to execute the command.", "IMPT COMMAND FAILS"])
        let empty = try world.group("E", devices: 0)
        try world.project(group: empty.id)
        #expect(try world.sandbox.impt("log", "get").lines == ["Error: No Device Identifier is specified.", "IMPT COMMAND FAILS"])
    }

    @Test func badDevicesAndOptions() throws {
        let world = try LogWorld()
        let unknown = try world.sandbox.impt("log", "get", "--device", "nope")
        #expect(unknown.lines == ["Error: Device \"nope\" is not found.", "IMPT COMMAND FAILS"])
        #expect(unknown.status == 1)
        let none = try world.sandbox.impt("log", "get")
        #expect(none.lines == ["Error: No Device Identifier is specified.", "IMPT COMMAND FAILS"])
        for (option, value, message) in [
            ("--page-size", "0", "Option \"--page-size\" must have a positive integer value."),
            ("--page-size", "x", "Option \"--page-size\" must be a number."),
            ("--page-number", "-1", "Option \"--page-number\" must have a positive integer value."),
        ] {
            let run = try world.sandbox.impt("log", "get", "--device", "x", option, value)
            #expect(run.status == 1)
            #expect(run.stdout.hasSuffix("\nError: \(message)\nIMPT COMMAND FAILS\n"), "\(run)")
        }
    }
}
