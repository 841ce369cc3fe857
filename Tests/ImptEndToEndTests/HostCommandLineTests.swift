import Foundation
import Testing

@Suite(.inProcess) struct HostCommandLineTests {
    @Test(arguments: ["--version", "-v"])
    func versionAtTheRoot(flag: String) throws {
        let run = try Sandbox().impt(flag)
        #expect(run.status == 0)
        #expect(run.stdout == Build.version + "\n")
    }

    @Test func versionIsUnknownBelowTheRoot() throws {
        let run = try Sandbox().impt("product", "create", "-n", "x", "-v")
        #expect(run.status == 1)
        #expect(run.lines.suffix(2) == ["Error: Unknown argument: v", "IMPT COMMAND FAILS"])
    }

    @Test(arguments: [["--help"], ["-h"], ["--help", "--bogus"]])
    func rootHelpListsInstalledGroups(arguments: [String]) throws {
        let run = try Sandbox(plugins: ["auth", "product"]).impt(arguments)
        #expect(run.status == 0)
        #expect(run.lines.prefix(4) == ["", "Usage: impt <command> [options]", "", "Commands:"])
        #expect(Array(run.lines.dropFirst(4).prefix(5)) == [
            "  impt auth        Authentication commands.",
            "  impt completion  Prints a shell completion script for impt (built into impt).",
            "  impt plugins     Installed command-group plugins (built into impt).",
            "  impt product     Product manipulation commands.",
            "",
        ], "\(run)")
        #expect(!run.stdout.contains("IMPT COMMAND"))
    }

    @Test(arguments: [["product", "--help"], ["product", "-h"]])
    func groupHelp(arguments: [String]) throws {
        let run = try Sandbox().impt(arguments)
        #expect(run.status == 0)
        #expect(run.lines.prefix(4) == ["", "Usage: impt product <command> [options]", "", "Product manipulation commands."])
        for command in ["create", "list", "info", "update", "delete"] {
            #expect(run.stdout.contains("  impt product \(command) "))
        }
    }

    @Test(arguments: [["product", "create", "--help"], ["product", "create", "-h", "--name"], ["product", "create", "--bogus", "-h"]])
    func commandHelpIgnoresEverythingElse(arguments: [String]) throws {
        let run = try Sandbox().impt(arguments)
        #expect(run.status == 0)
        #expect(run.lines[1] == "Usage: impt product create --name <product_name> [--descr <product_description>] [--owner <ACCOUNT_IDENTIFIER>] [--output <mode>] [--help]")
        #expect(!run.stdout.contains("IMPT COMMAND"))
    }

    @Test func authLoginKeepsTheOriginalUsageLine() throws {
        let run = try Sandbox().impt("auth", "login", "-h")
        #expect(run.lines[1] == "Usage: impt auth login [--local] [--endpoint <endpoint_url>] [--user <user_id> [--pwd <password>] | --lk <login_key_id>] [--temp] [--confirmed] [--output <mode>] [--help]")
    }

    @Test func syntaxErrorsPrintHelpThenErrorThenFailure() throws {
        let sandbox = try Sandbox()
        let run = try sandbox.impt("product", "create", "--name", "", "-z", "json")
        let help = try sandbox.impt("product", "create", "--help")
        #expect(run.status == 1)
        #expect(run.stdout == help.stdout + "Error: Option \"--name\" must not be empty.\nIMPT COMMAND FAILS\n")
    }

    @Test(arguments: [
        (["product", "create"], "Missing required argument: name"),
        (["product", "create", "-n"], "Not enough arguments following: n"),
        (["product", "list", "--owner"], "Not enough arguments following: owner"),
        (["product", "info", "--product", "a", "--product", "b"], "Option \"--product\" must not be specified multiple times."),
        (["product", "delete", "--force", "false"], "Option \"--force\" has incorrect value \"false\"."),
        (["product", "list", "extra"], "Unknown arguments: extra."),
        (["product", "list", "--wat"], "Unknown argument: wat"),
        (["auth", "login", "--user", "u", "--lk", "k"], "Options \"--user\" and \"--lk\" are mutually exclusive."),
        (["auth", "login", "--pwd", "p"], "Options \"--pwd\" and \"--user\" must be specified together."),
        (["product", "list", "-z", "yaml"], "Invalid values:\n  Argument: output, Given: \"yaml\", Choices: \"minimal\", \"json\", \"debug\""),
    ])
    func syntaxErrorsUseTheOriginalMessages(arguments: [String], message: String) throws {
        let run = try Sandbox().impt(arguments)
        #expect(run.status == 1)
        #expect(run.stdout.hasSuffix("Error: \(message)\nIMPT COMMAND FAILS\n"), "\(run)")
        #expect(run.stdout.hasPrefix("\nUsage: impt \(arguments[0]) \(arguments[1]) "))
    }

    @Test func missingAndUnknownCommands() throws {
        let sandbox = try Sandbox()
        let noCommand = try sandbox.impt("product")
        #expect(noCommand.status == 1)
        #expect(noCommand.stdout.hasPrefix("\nUsage: impt product <command> [options]"))
        #expect(noCommand.stdout.hasSuffix("Error: Please specify a valid command.\nIMPT COMMAND FAILS\n"))
        let unknownCommand = try sandbox.impt("product", "explode")
        #expect(unknownCommand.stdout.hasSuffix("Error: Unknown argument: explode\nIMPT COMMAND FAILS\n"))
        let unknownGroup = try sandbox.impt("teleport", "now")
        #expect(unknownGroup.status == 1)
        #expect(unknownGroup.stdout.hasPrefix("\nUsage: impt <command> [options]"))
        #expect(unknownGroup.stdout.hasSuffix("Error: Unknown argument: teleport\nIMPT COMMAND FAILS\n"))
        let nothing = try sandbox.impt([])
        #expect(nothing.stdout.hasSuffix("Error: Please specify a valid command.\nIMPT COMMAND FAILS\n"))
    }

    @Test func detailedExitCodesAreOptIn() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.impt(["product", "create"]).status == 1)
        #expect(try sandbox.impt(["product", "create"], environment: ["IMPT_DETAILED_EXIT_CODES": "1"]).status == 2)
    }

    @Test func pluginsListDescribesEveryFile() throws {
        let sandbox = try Sandbox()
        try Data().write(to: sandbox.plugins.appendingPathComponent("libbroken.so"))
        let run = try sandbox.impt("plugins", "list")
        #expect(run.status == 0)
        #expect(run.lines.first == "Plugin list (\(Build.corePlugins.count + 1) items):")
        #expect(run.stdout.contains("  group:    auth\n"))
        #expect(run.stdout.contains("  language: Swift (Swift 6."))
        #expect(run.stdout.contains("  status:   ready\n"))
        #expect(run.stdout.contains("  status: skipped: it is empty\n"))
        let json = try sandbox.impt("plugins", "list", "-z", "json")
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: [String: String]]]
        #expect(parsed?.count == Build.corePlugins.count + 1)
        #expect(parsed?.compactMap { $0["Plugin"]?["group"] }.sorted() == Build.corePlugins.sorted())
    }
}
