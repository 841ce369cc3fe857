import Foundation
import Testing

/// The third-party plugin in tools/examples (ABI 1.3 handlers, the /2 services), built with the
/// system C compiler against the header alone.
@Suite(.inProcess) struct CPluginTests {
    func sandboxWithExample() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.compile(Build.packageRoot.appendingPathComponent("tools/examples/c-plugin/example_plugin.c"), as: "libimpt-example.so")
        return sandbox
    }

    @Test func optionsOfEveryTypeReachTheHandler() throws {
        let sandbox = try sandboxWithExample()
        let run = try sandbox.impt(
            "example", "echo", "--text", "hello world", "--note", "", "-f", "-c", "-42", "--tag", "a", "-g", "", "--tag", "c",
            "-r", "1.5", "-k", "green")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == """
            Options are received successfully.
            Echo: 
              text:      hello world
              note:      
              flag:      true
              state:     (absent)
              count:     -42
              positive:  20
              tags:      a, , c
              tag_count: 3
              ratio:     1.5
              choice:    green
            IMPT COMMAND SUCCEEDS

            """)
    }

    @Test func declarationsDriveValidationAndHelp() throws {
        let sandbox = try sandboxWithExample()
        #expect(try sandbox.impt("example", "echo", "--flag", "--state").stdout.hasSuffix(
            "Error: Options \"--flag\" and \"--state\" are mutually exclusive.\nIMPT COMMAND FAILS\n"))
        #expect(try sandbox.impt("example", "echo", "--positive", "0").stdout.hasSuffix(
            "Error: Option \"--positive\" must have a positive integer value.\nIMPT COMMAND FAILS\n"))
        #expect(try sandbox.impt("example", "echo", "-k", "purple").stdout.contains("Choices: \"red\", \"green\", \"blue\""))
        let help = try sandbox.impt("example", "echo", "--help")
        #expect(help.lines[1] == "Usage: impt example echo [--text <text>] [--note <note>] [--flag] [--state [true|false]] [--count <number>] [--positive <number>] [--tag <tag>] [--ratio <number>] [--choice <colour>] [--output <mode>] [--help]")
        #expect(help.stdout.contains("Examples:\n  impt example echo --text hi --tag a --tag b\n"))
        #expect(try sandbox.impt("example", "echo", "-s", "true", "-z", "minimal").stdout.contains("state:     true\n"))
    }

    /// Bulk requests (impt.api/2) whose results arrive as result items (impt.output/2), each made
    /// in its own values scope (impt.values/2); a failed item is reported and the others go on.
    @Test func bulkResultsArriveOneByOne() throws {
        let sandbox = try sandboxWithExample()
        let sim = try Simulator()
        try sandbox.login(sim)
        let first = try sandbox.createProduct("First")
        let second = try sandbox.createProduct("Second")
        let run = try sandbox.impt("example", "products", "--id", first, "--id", "nope", "--id", second)
        #expect(run.status == 0, "\(run)")
        #expect(run.lines.filter { $0 == "Product: " }.count == 2, "\(run)")
        #expect(run.stdout.contains("  name: First\n") && run.stdout.contains("  name: Second\n"))
        #expect(run.stdout.contains("Error: Resource Not Found: "), "\(run)")
        let json = try sandbox.impt("example", "products", "-i", first, "-i", second, "-z", "json")
        let items = json.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: [String: String]] }
        #expect(items.compactMap { $0["Product"]?["name"] }.sorted() == ["First", "Second"], "one JSON line per item: \(json)")
        let list = try sandbox.impt("plugins", "list")
        #expect(list.stdout.contains("  language: C (gcc ") || list.stdout.contains("  language: C (clang "), "\(list)")
    }
}
