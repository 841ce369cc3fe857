import Foundation
import Testing

/// Every core command's help against its declaration: the usage line names every option the
/// command declares, in declaration order, and the options table lists each of them, so a usage
/// line can no longer drift away from the options (as hand-written ones did).
@Suite(.inProcess) struct UsageLineTests {
    /// The declared options of a command, in order, as completion lists them (`--output` and
    /// `--help` last).
    static func declaredOptions(_ sandbox: Sandbox, _ group: String, _ command: String) throws -> [String] {
        try sandbox.impt("__complete", group, command, "--").lines.filter { $0.hasPrefix("--") }
    }

    static func commands(_ sandbox: Sandbox, _ group: String) throws -> [String] {
        try sandbox.impt("__complete", group, "").lines.filter { !$0.hasPrefix("-") }
    }

    @Test(arguments: Build.corePlugins)
    func usageLinesNameEveryDeclaredOption(_ group: String) throws {
        let sandbox = try Sandbox()
        let commands = try Self.commands(sandbox, group)
        #expect(!commands.isEmpty, "\(group) declares commands")
        for command in commands {
            let options = try Self.declaredOptions(sandbox, group, command)
            #expect(options.suffix(2) == ["--output", "--help"], "\(group) \(command): \(options)")
            let help = try sandbox.impt(group, command, "--help")
            #expect(help.status == 0)
            let usage = try #require(help.lines.first { $0.hasPrefix("Usage: impt \(group) \(command)") }, "\(help)")
            var position = usage.startIndex
            for option in options {
                // Each option appears as a whole word, after the one declared before it, except an
                // option shown as an alternative or nested in another (auth login's --lk, --pwd).
                guard let found = usage.range(of: option + " ", range: position..<usage.endIndex)
                    ?? usage.range(of: option + "]", range: position..<usage.endIndex)
                else {
                    #expect(usage.contains(option + " ") || usage.contains(option + "]"), "\(group) \(command): \(option) missing in \(usage)")
                    continue
                }
                position = found.lowerBound
            }
            for option in options {
                #expect(help.lines.contains { $0.hasPrefix("  \(option),") || $0.hasPrefix("  \(option) ") }, "\(group) \(command): \(option) not in the table")
            }
        }
    }
}
