import Foundation
import Testing

/// The `Contacting impCentral...` spinner: drawn only at a terminal in the default output mode,
/// only once a request has taken a frame interval, and erased before the result is printed.
/// The simulator's `--latency` makes every request slow enough to show it.
@Suite(.ownThreads) struct SpinnerTests {
    static let erase = "\u{1b}[2K\u{1b}[1G"

    func slowSimulator(_ sandbox: Sandbox) throws -> Simulator {
        let sim = try Simulator(["--demo", "--latency", "400"])
        try sandbox.login(sim)
        return sim
    }

    @Test func turnsAtATerminalAndIsErasedBeforeTheResult() throws {
        let sandbox = try Sandbox()
        let sim = try slowSimulator(sandbox)
        let terminal = try Terminal(
            sandbox.executable, ["product", "create", "--name", "Spun"], environment: sandbox.environment, directory: sandbox.work)
        let transcript = terminal.read(until: "IMPT COMMAND")
        #expect(terminal.waitForExit() == 0, "\(transcript)")
        #expect(transcript.hasPrefix(Self.erase + "| Contacting impCentral..." + Self.erase + "/ Contacting impCentral..."), "\(transcript.debugDescription)")
        let result = try #require(transcript.range(of: Self.erase + "Product \"Spun\" is created successfully.\r\nProduct: \r\n  id:"))
        #expect(!transcript[result.upperBound...].contains("\u{1b}"), "nothing is drawn once the result is printed")
        #expect(transcript.hasSuffix("  name: Spun\r\nIMPT COMMAND SUCCEEDS\r\n"), "\(transcript.debugDescription)")
        #expect(Terminal.withoutSpinner(transcript).hasPrefix("Product \"Spun\" is created successfully.\r\n"))
        _ = sim
    }

    @Test(arguments: ["minimal", "json", "debug"])
    func otherModesAtATerminalHaveNoSpinner(mode: String) throws {
        let sandbox = try Sandbox()
        let sim = try slowSimulator(sandbox)
        _ = try sandbox.createProduct("Listed")
        let terminal = try Terminal(
            sandbox.executable, ["product", "list", "-z", mode], environment: sandbox.environment, directory: sandbox.work)
        let transcript = terminal.readToExit()
        #expect(terminal.waitForExit() == 0, "\(transcript)")
        #expect(!transcript.contains("Contacting impCentral"), "\(transcript.debugDescription)")
        #expect(!transcript.contains("\u{1b}[2K"))
        switch mode {
        case "minimal": #expect(transcript.hasPrefix("Product: \r\n  id:") && !transcript.contains("IMPT COMMAND"), "\(transcript.debugDescription)")
        case "json": #expect(transcript.hasPrefix("[\r\n  {\r\n    \"Product\": {") && transcript.hasSuffix("]\r\n"), "\(transcript.debugDescription)")
        default: #expect(transcript.hasPrefix("Doing the request with options:") && transcript.hasSuffix("\r\nIMPT COMMAND SUCCEEDS\r\n"), "\(transcript.debugDescription)")
        }
        _ = sim
    }

    @Test func pipedOutputHasNoSpinner() throws {
        let sandbox = try Sandbox()
        let sim = try slowSimulator(sandbox)
        let run = try sandbox.impt("product", "create", "--name", "Piped")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("Product \"Piped\" is created successfully.\nProduct: \n"), "\(run)")
        #expect(!run.stdout.contains("Contacting impCentral") && !run.stdout.contains("\u{1b}"))
        _ = sim
    }
}
