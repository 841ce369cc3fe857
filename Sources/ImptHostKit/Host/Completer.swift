/// Answers the completion scripts: `impt __complete <word>... <current word>` prints, one per line,
/// the words that can replace the current one, from the declarations in the plugin cache (no
/// plugin is opened): groups, commands, options and their aliases, and the values of an option
/// with choices (such as the `--output` modes).
struct Completer {
    /// First argument of the hidden entry point; not a valid group name, so no plugin can take it.
    static let mode = "__complete"

    /// Every group name: the installed plugins' and impt's own.
    let groupNames: [String]
    /// The declarations of a group (decoded only for the group being completed).
    let declarations: (String) -> GroupSpec?

    /// Candidates for the last word, given the words before it.
    func candidates(_ words: [String]) -> [String] {
        let current = words.last ?? ""
        let before = words.dropLast()
        var candidates: [String]
        if before.isEmpty {
            candidates = groupNames.sorted()
            if current.hasPrefix("-") { candidates += ["--help", "--version", "-h", "-v"] }
        } else if let group = declarations(before[0]) {
            if before.count == 1 {
                candidates = group.commands.map(\.name)
                if current.hasPrefix("-") { candidates += ["--help", "-h"] }
            } else if let command = group.command(named: before[1]) {
                candidates = complete(current, after: Array(before.dropFirst(2)), in: command)
            } else {
                candidates = []
            }
        } else {
            candidates = []
        }
        return candidates.filter { $0.hasPrefix(current) }
    }

    /// Options not given yet, or the values of the option just before the current word.
    private func complete(_ current: String, after words: [String], in command: CommandSpec) -> [String] {
        let options = command.allOptions
        // `--name=value`: zsh and fish pass it as one word, bash splits it at the `=`.
        if let equals = current.firstIndex(of: "="), current.hasPrefix("--"),
            let option = Self.option(named: String(current[..<equals]), in: options)
        {
            return (option.choices ?? []).map { "\(current[...equals])\($0)" }
        }
        var words = words
        if words.count >= 2, words.last == "=" { words.removeLast() }
        if let previous = words.last, let option = Self.option(named: previous, in: options) {
            switch option.kind {
            case .string, .int, .number, .stringList:
                return option.choices ?? []
            case .bool where !current.hasPrefix("-"):
                return ["true", "false"]
            default:
                break
            }
        }
        let given = Set(words.compactMap { Self.option(named: $0, in: options)?.name })
        var candidates: [String] = []
        for option in options where option.kind == .stringList || !given.contains(option.name) {
            candidates.append("--\(option.name)")
            if current.hasPrefix("-"), !current.hasPrefix("--"), let alias = option.alias { candidates.append("-\(alias)") }
        }
        return candidates
    }

    /// The option a word names (`--name` or `-a`); nil for values and `--name=value`.
    private static func option(named word: String, in options: [OptionSpec]) -> OptionSpec? {
        if word.hasPrefix("--") {
            let name = word.dropFirst(2)
            return options.first { $0.name == name }
        }
        if word.count == 2, word.hasPrefix("-"), let alias = word.last {
            return options.first { $0.alias == alias }
        }
        return nil
    }
}
