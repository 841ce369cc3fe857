import Foundation
import Testing

/// The third-party plugin in tools/examples, built with the system C compiler against the header alone.
@Suite struct CPluginTests {
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
}
