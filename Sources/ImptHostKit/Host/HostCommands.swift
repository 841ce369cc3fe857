/// A command group impt provides itself, such as `impt plugins`.
protocol HostCommand {
    static var group: GroupSpec { get }
    /// Runs a command of the group whose arguments parsed; returns the exit status.
    static func run(_ command: CommandSpec, _ parsed: ParsedArguments, in context: HostCommandContext) -> Int32
}

/// What a host command works with.
struct HostCommandContext {
    let console: Console
    let catalog: PluginCatalog
    let environment: Environment
}

/// The groups impt provides itself. Their names, and a few words a user could take for commands,
/// cannot be taken by plugins; adding a group here reserves its name.
public enum HostCommands {
    static var all: [any HostCommand.Type] { [PluginsCommand.self, CompletionCommand.self] }

    /// Words that look like commands of impt itself (`impt help`, `impt version`).
    static let reservedWords = ["help", "version"]

    /// Every name a plugin group cannot have, sorted.
    public static let reservedGroups: [String] = (all.map { $0.group.name } + reservedWords).sorted()

    static var groups: [GroupSpec] { all.map { $0.group } }

    static func command(named name: String) -> (any HostCommand.Type)? {
        all.first { $0.group.name == name }
    }
}
