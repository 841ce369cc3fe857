import Foundation
import Testing

/// Control characters in text from impCentral are shown escaped in the text modes, so a hostile
/// name cannot retitle, recolour or rewrite the terminal; json mode is unchanged.
@Suite(.ownThreads) struct TerminalEscapeTests {
    static let hostile = "\u{1b}]0;pwned\u{07}\u{1b}[31mred\r\u{9b}2J"
    static let shown = "\\u001b]0;pwned\\u0007\\u001b[31mred\\u000d\\u009b2J"

    @Test func namesAndDescriptionsFromTheServer() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let id = try sandbox.createProduct("P", ["-s", "line one\nline\u{1b}[2Ktwo"])
        let scenario = try Scenario(sim)
        let renamed = try sim.call("PATCH", "/products/\(id)", body: ["data": ["type": "product", "id": id, "attributes": ["name": Self.hostile]]],
                                   token: scenario.token)
        #expect(renamed.status == 200)

        let list = try sandbox.impt("product", "list")
        #expect(list.lines.dropFirst(3).first == "  name: \(Self.shown)", "\(list.stdout.debugDescription)")
        let info = try sandbox.impt("product", "info", "-p", id)
        #expect(info.stdout.contains("  name:        \(Self.shown)\n  description: \n    \"\"\"\n      line one\n      line\\u001b[2Ktwo\n    \"\"\"\n"), "\(info.stdout.debugDescription)")
        for mode in ["default", "minimal", "debug"] {
            let run = try sandbox.impt(["product", "info", "-p", id] + (mode == "default" ? [] : ["-z", mode]))
            #expect(!run.stdout.contains("\u{1b}") && !run.stdout.contains("\r") && !run.stdout.contains("\u{9b}"), "\(mode): \(run.stdout.debugDescription)")
            #expect(run.stdout.contains(Self.shown), "\(mode)")
        }
        // json mode keeps the value (JSON escapes it itself).
        let json = try #require(try sandbox.impt("product", "info", "-p", id, "-z", "json").json as? [String: [String: Any]])
        #expect(json["Product"]?["name"] as? String == Self.hostile)
    }

    /// Bidirectional controls cannot make a name read backwards in the text modes.
    @Test func bidirectionalOverridesAreShownEscaped() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let name = "invoice\u{202e}fdp.exe\u{2066}x\u{2069}"
        let id = try sandbox.createProduct(name, ["-s", "\u{202a}left\u{202c} \u{201c}kept\u{201d}"])
        for mode in ["default", "minimal"] {
            let run = try sandbox.impt(["product", "info", "-p", id] + (mode == "default" ? [] : ["-z", mode]))
            #expect(run.stdout.contains("invoice\\u202efdp.exe\\u2066x\\u2069"), "\(mode): \(run.stdout.debugDescription)")
            #expect(run.stdout.contains("\\u202aleft\\u202c \u{201c}kept\u{201d}"), "\(mode): \(run.stdout.debugDescription)")
            #expect(!run.stdout.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) })
        }
        let list = try sandbox.impt("product", "list")
        #expect(list.stdout.contains("  name: invoice\\u202efdp.exe\\u2066x\\u2069\n"), "\(list.stdout.debugDescription)")
        let json = try #require(try sandbox.impt("product", "info", "-p", id, "-z", "json").json as? [String: [String: Any]])
        #expect(json["Product"]?["name"] as? String == name, "json mode keeps the value")
    }

    @Test func informationalAndErrorLines() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let created = try sandbox.impt("product", "create", "-n", Self.hostile)
        #expect(created.lines.first == "Product \"\(Self.shown)\" is created successfully.", "\(created.stdout.debugDescription)")
        #expect(created.lines.contains("  name: \(Self.shown)"))
        let again = try sandbox.impt("product", "update", "-p", Self.hostile, "-s", "x")
        #expect(again.stdout == "Product \"\(Self.shown)\" is updated successfully.\nIMPT COMMAND SUCCEEDS\n")
        let missing = try sandbox.impt("product", "info", "-p", "x\u{1b}[8m")
        #expect(missing.stdout == "Error: Product \"x\\u001b[8m\" is not found.\nIMPT COMMAND FAILS\n")
        let json = try sandbox.impt("product", "info", "-p", "x\u{1b}[8m", "-z", "json")
        #expect(json.stdout == "{\n  \"Error\": \"Product \\\"x\\u001b[8m\\\" is not found.\"\n}\n")
    }

    @Test func everyTextAPluginPrints() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(Build.fixtures.appendingPathComponent("services_plugin.c"), as: "libsvc.so")
        let run = try sandbox.impt("svc", "echo", "--text", "a\u{1b}[1mb\u{7f}")
        let text = "a\\u001b[1mb\\u007f"
        #expect(run.stdout == "\(text)\n\(text): \n  name: \(text)\nError: \(text)\nIMPT COMMAND FAILS\n", "\(run.stdout.debugDescription)")
        let confirm = try sandbox.impt(["svc", "confirm", "--text", "Delete a\u{1b}[1mb\u{7f}?"], stdin: "y\n")
        #expect(confirm.stdout == "Delete \(text)?\nAre you sure you want to continue?\nEnter 'y' (yes) or 'n' (no): \n\nIMPT COMMAND SUCCEEDS\n",
                "\(confirm.stdout.debugDescription)")
    }
}
