/// Help texts at the three levels (root, group, command), laid out like the original's yargs
/// output: a usage line, a description, then aligned option or command lists wrapped to the
/// terminal's width up to 80 columns (80 when not writing to a terminal). `--help, -h` heads a
/// command's option list, where yargs put its global help option. The usage line itself is never
/// wrapped, so that scripts can match it whole.
public enum HelpFormatter {
    static var width: Int { TerminalSize.helpColumns }

    /// `impt --help`: every installed group.
    public static func root(groups: [(name: String, summary: String)]) -> String {
        var out = "\nUsage: impt <command> [options]\n\nCommands:\n"
        out += table(groups.map { ("  impt \($0.name)", $0.summary) })
        out += "\nOptions:\n"
        out += table([
            ("  --version, -v", "Displays the version of impt.", "[boolean]"),
            ("  --help, -h", "Displays a description of the command.", "[boolean]"),
        ])
        return out
    }

    /// `impt <group> --help`.
    public static func group(_ group: GroupSpec) -> String {
        var out = "\nUsage: impt \(group.name) <command> [options]\n\n\(paragraph(group.description))\n\nCommands:\n"
        out += table(group.commands.map { ("  impt \(group.name) \($0.name)", $0.summary) })
        out += "\nOptions:\n"
        out += table([("  --help, -h", "Displays a description of the command.", "[boolean]")])
        return out
    }

    /// `impt <group> <command> --help`, also printed before a command-line error.
    public static func command(group: String, _ command: CommandSpec) -> String {
        var out = "\n" + usageLine(group: group, command) + "\n\n\(paragraph(command.description))\n\nOptions:\n"
        let listed = [StandardOptions.help] + command.allOptions.filter { $0.name != StandardOptions.help.name }
        out += table(listed.map { option in
            (signature(option), optionHelp(option), tags(option))
        })
        if let examples = command.examples, !examples.isEmpty {
            out += "\nExamples:\n"
            for line in examples.split(separator: "\n") { out += "  \(line)\n" }
        }
        return out
    }

    /// `Usage: impt <group> <command> [--opt <value>] ... [--output <mode>] [--help]`: the rules
    /// the ABI header states next to `impt_command`.
    public static func usageLine(group: String, _ command: CommandSpec) -> String {
        if let usage = command.usage { return "Usage: impt \(group) \(command.name) \(usage)" }
        let options = command.options
        let valueOptions = Set(options.filter { $0.kind != .flag && $0.kind != .bool }.map(\.name))
        // Value options that exclude each other: the second is shown with the first.
        var alternatives: [String: String] = [:]
        for constraint in command.constraints where constraint.kind == .exclusive
            && valueOptions.contains(constraint.first) && valueOptions.contains(constraint.second)
        {
            alternatives[constraint.first] = constraint.second
        }
        let shownWithOthers = Set(alternatives.values)
        // Optional value options that require one of the alternatives are shown inside it.
        var nested: [String: [String]] = [:]
        for constraint in command.constraints where constraint.kind == .requires && valueOptions.contains(constraint.first) {
            let owner = constraint.second
            guard alternatives[owner] != nil || shownWithOthers.contains(owner),
                options.first(where: { $0.name == constraint.first })?.required == false
            else { continue }
            nested[owner, default: []].append(constraint.first)
        }
        let inside = Set(nested.values.joined())
        func bare(_ option: OptionSpec) -> String {
            var text = "--\(option.name)"
            switch option.kind {
            case .flag: break
            case .bool: text += " [true|false]"
            default: text += " <\(option.valueName ?? option.name)>"
            }
            return text
        }
        func withNested(_ option: OptionSpec) -> String {
            let extra = (nested[option.name] ?? []).compactMap { name in options.first { $0.name == name } }
            return ([bare(option)] + extra.map { "[\(bare($0))]" }).joined(separator: " ")
        }
        var parts: [String] = []
        for option in options where !option.usageTrailing && !shownWithOthers.contains(option.name) && !inside.contains(option.name) {
            if let other = alternatives[option.name], let second = options.first(where: { $0.name == other }) {
                parts.append("[\(withNested(option)) | \(withNested(second))]")
            } else {
                parts.append(option.required ? withNested(option) : "[\(withNested(option))]")
            }
        }
        parts.append("[\(bare(StandardOptions.output))]")
        parts += options.filter(\.usageTrailing).map { "[--\($0.name)]" }
        parts.append("[\(bare(StandardOptions.help))]")
        return "Usage: impt \(group) \(command.name) " + parts.joined(separator: " ")
    }

    private static func signature(_ option: OptionSpec) -> String {
        var text = "  --\(option.name)"
        if let alias = option.alias { text += ", -\(alias)" }
        return text
    }

    private static func optionHelp(_ option: OptionSpec) -> String {
        var text = option.help
        if option.projectDefault {
            text += " When omitted, the Project File in the current directory supplies it."
        }
        if option.kind == .stringList { text += " (may be repeated several times)" }
        return text
    }

    private static func tags(_ option: OptionSpec) -> String {
        var tags = ["[\(option.kind.helpTag)]"]
        if option.required { tags.append("[required]") }
        if let choices = option.choices {
            tags.append("[choices: " + choices.map { "\"\($0)\"" }.joined(separator: ", ") + "]")
        }
        if let value = option.defaultValue {
            let shown = option.kind == .int || option.kind == .number ? value : "\"\(value)\""
            tags.append("[default: \(shown)]")
        }
        return tags.joined(separator: " ")
    }

    private static func table(_ rows: [(String, String)]) -> String {
        table(rows.map { ($0.0, $0.1, "") })
    }

    /// Rows of (left column, wrapped text, right-aligned tags).
    private static func table(_ rows: [(String, String, String)]) -> String {
        let left = (rows.map(\.0.count).max() ?? 0) + 2
        let textWidth = max(20, width - left)
        var out = ""
        for (name, text, tags) in rows {
            var lines = wrap(text, width: textWidth)
            if !tags.isEmpty {
                if let last = lines.last, last.count + 2 + tags.count <= textWidth {
                    lines[lines.count - 1] = last + String(repeating: " ", count: textWidth - last.count - tags.count) + tags
                } else {
                    // Tags wider than the column (a narrow terminal) wrap at their spaces.
                    for part in wrap(tags, width: textWidth) {
                        lines.append(String(repeating: " ", count: max(0, textWidth - part.count)) + part)
                    }
                }
            }
            for (i, line) in lines.enumerated() {
                let head = i == 0 ? name : ""
                let row = head + String(repeating: " ", count: left - head.count) + line
                out += row.trimmedTrailingSpaces + "\n"
            }
        }
        return out
    }

    /// A description wrapped to the help width, keeping its own line breaks.
    static func paragraph(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { wrap(String($0), width: width).joined(separator: "\n") }
            .joined(separator: "\n")
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        lines.append(current)
        return lines
    }
}

extension String {
    var trimmedTrailingSpaces: String {
        var result = Substring(self)
        while result.last == " " { result.removeLast() }
        return String(result)
    }
}
