/// The words after `impt <group>` resolved against the group's declarations: a command with its
/// parsed arguments, or the reason to stop (help was asked for, or the words are a usage mistake).
/// Used for plugin groups (from their cached declarations, before any plugin is opened) and for
/// the host's own groups.
enum GroupDispatch {
    enum Stop: Error {
        case help(String)
        case usageFailure(help: String, message: String)
    }

    static func resolve(_ group: GroupSpec, _ words: [String]) throws(Stop) -> (command: CommandSpec, parsed: ParsedArguments) {
        guard let name = words.first, !ArgumentParser.looksLikeOption(name) else {
            if ArgumentParser.wantsHelp(words) { throw .help(HelpFormatter.group(group)) }
            throw .usageFailure(help: HelpFormatter.group(group), message: "Please specify a valid command.")
        }
        guard let command = group.command(named: name) else {
            if ArgumentParser.wantsHelp(words) { throw .help(HelpFormatter.group(group)) }
            throw .usageFailure(help: HelpFormatter.group(group), message: "Unknown argument: \(name)")
        }
        return (command, try resolve(group: group.name, command, Array(words.dropFirst())))
    }

    /// The words after `impt <group> <command>`.
    static func resolve(group: String, _ command: CommandSpec, _ words: [String]) throws(Stop) -> ParsedArguments {
        if ArgumentParser.wantsHelp(words) { throw .help(HelpFormatter.command(group: group, command)) }
        do throws(UsageError) {
            return try ArgumentParser(command: command).parse(words)
        } catch {
            throw .usageFailure(help: HelpFormatter.command(group: group, command), message: error.message)
        }
    }
}
