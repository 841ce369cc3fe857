import Testing

@testable import ImptHostKit

@Suite struct HelpFormatterTests {
    let productCreate = CommandSpec(
        name: "create", summary: "Creates a Product.",
        options: [
            OptionSpec(name: "name", alias: "n", kind: .string, required: true, valueName: "product_name", help: "Name."),
            OptionSpec(name: "descr", alias: "s", kind: .string, allowEmpty: true, valueName: "product_description", help: "Description."),
            OptionSpec(name: "owner", alias: "o", kind: .string, valueName: "ACCOUNT_IDENTIFIER", help: "Owner."),
        ])

    @Test func usageLinesAreGeneratedLikeTheOriginal() {
        #expect(HelpFormatter.usageLine(group: "product", productCreate)
            == "Usage: impt product create --name <product_name> [--descr <product_description>] [--owner <ACCOUNT_IDENTIFIER>] [--output <mode>] [--help]")
        let deploy = CommandSpec(
            name: "deploy", summary: "x",
            options: [
                OptionSpec(name: "tag", alias: "t", kind: .stringList, valueName: "tag", help: "t"),
                OptionSpec(name: "flagged", alias: "f", kind: .bool, help: "f"),
                OptionSpec(name: "force", kind: .flag, help: "f"),
            ])
        #expect(HelpFormatter.usageLine(group: "build", deploy)
            == "Usage: impt build deploy [--tag <tag>] [--flagged [true|false]] [--force] [--output <mode>] [--help]")
    }

    @Test func commandHelpHasUsageDescriptionAndOptions() {
        let text = HelpFormatter.command(group: "product", productCreate)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "")
        #expect(lines[1].hasPrefix("Usage: impt product create --name"))
        #expect(lines[2] == "")
        #expect(lines[3] == "Creates a Product.")
        #expect(lines[4] == "")
        #expect(lines[5] == "Options:")
        #expect(lines.contains { $0.hasPrefix("  --name, -n") && $0.hasSuffix("[string] [required]") })
        #expect(lines.contains { $0.hasPrefix("  --output, -z") })
        #expect(text.contains("[string] [choices: \"minimal\", \"json\", \"debug\"]\n"))
        #expect(lines.contains { $0.hasPrefix("  --help, -h") })
        // The usage line is never wrapped (scripts match it whole); the option table fits 80 columns.
        #expect(lines.dropFirst(2).allSatisfy { $0.count <= 80 })
        #expect(lines.dropFirst(2).filter { $0.hasSuffix("]") }.allSatisfy { $0.count == 80 })
    }

    @Test func rootAndGroupHelp() {
        let root = HelpFormatter.root(groups: [("auth", "Authentication commands."), ("product", "Product manipulation commands.")])
        #expect(root.hasPrefix("\nUsage: impt <command> [options]\n\nCommands:\n"))
        #expect(root.contains("  impt auth     Authentication commands.\n"))
        #expect(root.contains("--version, -v  Displays the version of impt."))
        #expect(root.contains("--help, -h     Displays a description of the command."))
        let group = HelpFormatter.group(GroupSpec(name: "product", summary: "Product manipulation commands.", commands: [productCreate]))
        #expect(group.hasPrefix("\nUsage: impt product <command> [options]\n\nProduct manipulation commands.\n\nCommands:\n"))
        #expect(group.contains("  impt product create  Creates a Product.\n"))
    }

    @Test func repeatableOptionsSayTheyMayBeRepeated() {
        let command = CommandSpec(name: "list", summary: "x", options: [OptionSpec(name: "owner", alias: "o", kind: .stringList, valueName: "A", help: "Owner.")])
        #expect(HelpFormatter.command(group: "product", command).contains("Owner. (may be repeated several times)"))
    }
}
