import Foundation
import Testing

/// Prompts at a real (pseudo-)terminal: answers are echoed, passwords are not.
@Suite(.ownThreads) struct TerminalPromptTests {
    @Test func passwordsAreNotEchoed() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        let terminal = try Terminal(
            sandbox.executable, ["auth", "login", "--endpoint", sim.baseURL], environment: sandbox.environment, directory: sandbox.work)
        terminal.read(until: "Enter 1 or 2: ")
        terminal.type("1")
        terminal.read(until: "Enter username or email address: ")
        terminal.type("demo")
        terminal.read(until: "Enter password: ")
        terminal.type("demo-password")
        let transcript = Terminal.withoutSpinner(terminal.read(until: "IMPT COMMAND"))
        #expect(terminal.waitForExit() == 0, "\(transcript)")
        #expect(transcript.contains("Enter 1 or 2: 1"), "what is typed is echoed: \(transcript)")
        #expect(transcript.contains("Enter username or email address: demo"))
        #expect(!transcript.contains("demo-password"), "the password must not be echoed: \(transcript)")
        #expect(transcript.contains("Global login is successful."))
    }

    @Test func confirmationAtATerminal() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        _ = try sandbox.createProduct("AtTheTerminal")
        let terminal = try Terminal(
            sandbox.executable, ["product", "delete", "-p", "AtTheTerminal"], environment: sandbox.environment, directory: sandbox.work)
        terminal.read(until: "Enter 'y' (yes) or 'n' (no): ")
        terminal.type("y")
        let transcript = Terminal.withoutSpinner(terminal.read(until: "IMPT COMMAND"))
        #expect(terminal.waitForExit() == 0, "\(transcript)")
        #expect(transcript.contains("Enter 'y' (yes) or 'n' (no): y\r\n\r\nProduct \"AtTheTerminal\" is deleted successfully."), "\(transcript)")
    }
}
