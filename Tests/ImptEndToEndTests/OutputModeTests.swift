import Foundation
import Testing

/// Every auth and product command, succeeding and failing, in every output mode.
@Suite(.inProcess) struct OutputModeTests {
    enum Outcome { case succeeds, fails }

    /// A command line, what it prints in the default mode, and whether it succeeds. `$P` is a
    /// fresh product's name.
    static let commands: [(arguments: [String], message: String?, outcome: Outcome)] = [
        (["product", "create", "-n", "$P-new", "-s", "d"], "Product \"$P-new\" is created successfully.", .succeeds),
        (["product", "list"], "Product list (1 items):", .succeeds),
        (["product", "list", "-o", "nobody"], "No Products are found.", .succeeds),
        (["product", "info", "-p", "$P"], nil, .succeeds),
        (["product", "info", "-p", "$P", "--full"], nil, .succeeds),
        (["product", "update", "-p", "$P", "-n", "$P-renamed"], "Product \"$P\" is updated successfully.", .succeeds),
        (["product", "delete", "-p", "$P", "-q"], "Product \"$P\" is deleted successfully.", .succeeds),
        (["product", "info", "-p", "missing"], "Error: Product \"missing\" is not found.", .fails),
        (["product", "create", "-n", "$P"], "Error: Duplicate Resource: Products must have unique names.", .fails),
        (["auth", "info"], nil, .succeeds),
        (["auth", "logout", "--local"], "Error: Local Auth File is not found.", .fails),
    ]

    @Test(arguments: Array(commands.indices), ["default", "minimal", "json", "debug"])
    func outputInEveryMode(index: Int, mode: String) throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let product = "P\(index)\(mode)"
        _ = try sandbox.createProduct(product)
        let command = Self.commands[index]
        var arguments = command.arguments.map { $0.replacingOccurrences(of: "$P", with: product) }
        if mode != "default" { arguments += ["-z", mode] }
        let message = command.message?.replacingOccurrences(of: "$P", with: product)
        let run = try sandbox.impt(arguments)

        let statusLine = command.outcome == .succeeds ? "IMPT COMMAND SUCCEEDS" : "IMPT COMMAND FAILS"
        #expect(run.status == (command.outcome == .succeeds ? 0 : 1), "\(run)")
        switch mode {
        case "default", "debug":
            #expect(run.lines.last == statusLine, "\(run)")
            if let message { #expect(run.lines.contains(message), "\(run)") }
            let makesRequests = command.arguments.prefix(2) != ["auth", "logout"]
            #expect(run.stdout.contains("Doing the request with options:") == (mode == "debug" && makesRequests), "\(run)")
        case "minimal":
            #expect(!run.stdout.contains("IMPT COMMAND"), "\(run)")
            if let message {
                #expect(run.lines.contains(message) == message.hasPrefix("Error: "), "\(run)")
            }
        default:
            #expect(!run.stdout.contains("IMPT COMMAND"), "\(run)")
            let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
            if let message, message.hasPrefix("Error: ") {
                #expect((document as? [String: String])?["Error"] == String(message.dropFirst(7)), "\(run)")
            }
        }
    }
}

@Suite(.ownThreads) struct ColourTests {
    @Test func keysAreColouredOnlyWhenAskedOrOnATerminal() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let plain = try sandbox.impt(["auth", "info"], environment: ["TERM": "xterm-256color"])
        #expect(!plain.stdout.contains("\u{1B}["), "piped output has no colours")
        let forced = try sandbox.impt(["auth", "info"], environment: ["FORCE_COLOR": "1"])
        #expect(forced.stdout.contains("\u{1B}[32mAuth: \u{1B}[39m\n"))
        #expect(forced.stdout.contains("  \u{1B}[32mAuth type: \u{1B}[39m" + String(repeating: " ", count: 16) + "Global Auth file\n"))
        let minimal = try sandbox.impt(["auth", "info", "-z", "minimal"], environment: ["FORCE_COLOR": "1"])
        #expect(!minimal.stdout.contains("\u{1B}["), "minimal mode never colours")
    }
}
