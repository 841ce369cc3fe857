/// Parses the words after `impt <group> <command>` against a command's declarations, with the
/// syntax and the error messages of the original impt (yargs): `--name value`, `--name=value`,
/// `-n value`, flags with an optional `true`/`false`, repeatable options, no short-option groups.
///
/// Checks run in the original's order and the first failure wins: missing values, required
/// options, unknown options, constraints between options, extra words and per-option checks,
/// and finally choices.
public struct ArgumentParser {
    let command: CommandSpec

    public init(command: CommandSpec) {
        self.command = command
    }

    /// True when `--help` or `-h` appears anywhere: help wins over every error.
    public static func wantsHelp(_ words: [String]) -> Bool {
        words.contains { $0 == "--help" || $0 == "-h" || $0.hasPrefix("--help=") }
    }

    private struct Occurrence {
        var raw: String
        var negated: Bool
    }

    public func parse(_ words: [String]) throws(UsageError) -> ParsedArguments {
        let options = command.allOptions
        var occurrences: [String: [Occurrence]] = [:]
        var order: [String] = []
        var positionals: [String] = []
        var unknown: [String] = []
        var missingValue: String?

        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            guard let (typedName, inline) = Self.splitOption(word) else {
                positionals.append(word)
                continue
            }
            var negated = false
            var option = Self.find(typedName, in: options)
            if option == nil, typedName.hasPrefix("no-"),
                let base = Self.find(String(typedName.dropFirst(3)), in: options),
                !base.kind.takesValue
            {
                option = base
                negated = true
            }
            guard let option else {
                unknown.append(typedName)
                // yargs gives an unknown option the following word as its value.
                if inline == nil, index < words.count, !Self.looksLikeOption(words[index]) { index += 1 }
                continue
            }
            var raw: String
            if let inline {
                raw = inline
            } else if !option.kind.takesValue {
                if index < words.count, words[index] == "true" || words[index] == "false" {
                    raw = words[index]
                    index += 1
                } else {
                    raw = "true"
                }
            } else if index < words.count, !Self.looksLikeOption(words[index]) {
                raw = words[index]
                index += 1
            } else {
                if missingValue == nil { missingValue = typedName }
                continue
            }
            if negated { raw = raw == "true" ? "false" : "true" }
            if occurrences[option.name] == nil { order.append(option.name) }
            occurrences[option.name, default: []].append(Occurrence(raw: raw, negated: negated))
        }

        if let missingValue {
            throw UsageError("Not enough arguments following: \(missingValue)")
        }
        let missing = options.filter { $0.required && occurrences[$0.name] == nil }.map(\.name)
        if missing.count == 1 {
            throw UsageError("Missing required argument: \(missing[0])")
        } else if missing.count > 1 {
            throw UsageError("Missing required arguments: \(missing.joined(separator: ", "))")
        }
        if unknown.count == 1 {
            throw UsageError("Unknown argument: \(unknown[0])")
        } else if unknown.count > 1 {
            throw UsageError("Unknown arguments: \(unknown.joined(separator: ", "))")
        }
        for constraint in command.constraints {
            let first = occurrences[constraint.first] != nil
            let second = occurrences[constraint.second] != nil
            switch constraint.kind {
            case .exclusive where first && second:
                throw UsageError("Options \"--\(constraint.first)\" and \"--\(constraint.second)\" are mutually exclusive.")
            case .requires where first && !second, .together where first != second:
                throw UsageError("Options \"--\(constraint.first)\" and \"--\(constraint.second)\" must be specified together.")
            default:
                break
            }
        }
        if !positionals.isEmpty {
            throw UsageError("Unknown arguments: \(positionals.joined(separator: ", ")).")
        }

        var values: [OptionValue] = []
        var outputMode = OutputMode.standard
        for option in options {
            let given = occurrences[option.name] ?? []
            let value = try Self.validate(option, given.map(\.raw))
            if option.name == StandardOptions.output.name {
                if case .string(let mode?) = value, let parsed = OutputMode(optionValue: mode) { outputMode = parsed }
                continue
            }
            if option.name == StandardOptions.help.name { continue }
            values.append(value)
        }
        // Choices are checked last, as the original does.
        for option in options {
            guard let choices = option.choices, let given = occurrences[option.name] else { continue }
            for occurrence in given where !choices.contains(occurrence.raw) {
                let list = choices.map { "\"\($0)\"" }.joined(separator: ", ")
                throw UsageError("Invalid values:\n  Argument: \(option.name), Given: \"\(occurrence.raw)\", Choices: \(list)")
            }
        }
        return ParsedArguments(values: values, given: Set(order), outputMode: outputMode)
    }

    /// Checks the raw values of one option and converts them, applying the default when absent.
    private static func validate(_ option: OptionSpec, _ raw: [String]) throws(UsageError) -> OptionValue {
        let name = option.name
        if option.kind != .stringList, raw.count > 1 {
            throw UsageError("Option \"--\(name)\" must not be specified multiple times.")
        }
        let text = raw.first ?? option.defaultValue
        switch option.kind {
        case .string:
            if let text, text.isEmpty, !option.allowEmpty, !raw.isEmpty {
                throw UsageError("Option \"--\(name)\" must not be empty.")
            }
            return .string(text)
        case .flag:
            guard let text = raw.first else { return .flag(false) }
            guard text == "true" else { throw UsageError("Option \"--\(name)\" has incorrect value \"\(text)\".") }
            return .flag(true)
        case .bool:
            guard let text else { return .bool(-1) }
            switch text {
            case "true": return .bool(1)
            case "false": return .bool(0)
            default: throw UsageError("Option \"--\(name)\" has incorrect value \"\(text)\".")
            }
        case .int:
            guard let text else { return .int(nil) }
            return .int(try parseInteger(text, option: option))
        case .number:
            guard let text else { return .number(nil) }
            guard let number = Double(text.trimmed), number.isFinite, !text.trimmed.isEmpty else {
                throw UsageError("Option \"--\(name)\" must be a number.")
            }
            return .number(number)
        case .stringList:
            return .list(raw)
        }
    }

    private static func parseInteger(_ text: String, option: OptionSpec) throws(UsageError) -> Int64 {
        let name = option.name
        let trimmed = text.trimmed
        let integer: Int64
        if let exact = Int64(trimmed) {
            integer = exact
        } else if let number = Double(trimmed), number.isFinite, !trimmed.isEmpty {
            guard number.rounded() == number else {
                throw UsageError(option.positive
                    ? "Option \"--\(name)\" must have a positive integer value."
                    : "Option \"--\(name)\" must be a whole number.")
            }
            guard abs(number) < 9.2e18 else { throw UsageError("Option \"--\(name)\" is out of range.") }
            integer = Int64(number)
        } else {
            throw UsageError("Option \"--\(name)\" must be a number.")
        }
        if integer == Int64.min { throw UsageError("Option \"--\(name)\" is out of range.") }
        if option.positive, integer <= 0 {
            throw UsageError("Option \"--\(name)\" must have a positive integer value.")
        }
        return integer
    }

    /// `--name`, `--name=value`, `-n`, `-n=value` → (name as typed, inline value). Nil for words
    /// that are values: plain words, `-` alone and negative numbers.
    static func splitOption(_ word: String) -> (String, String?)? {
        guard word != "--", looksLikeOption(word) else { return nil }
        let body = word.hasPrefix("--") ? word.dropFirst(2) : word.dropFirst(1)
        if let equals = body.firstIndex(of: "=") {
            return (String(body[..<equals]), String(body[body.index(after: equals)...]))
        }
        return (String(body), nil)
    }

    /// A word that starts an option rather than being a value: a dash followed by a non-digit.
    static func looksLikeOption(_ word: String) -> Bool {
        let scalars = Array(word.unicodeScalars.prefix(2))
        guard scalars.count == 2, scalars[0] == "-" else { return false }
        return !("0"..."9").contains(scalars[1]) && scalars[1] != "."
    }

    private static func find(_ typed: String, in options: [OptionSpec]) -> OptionSpec? {
        if let option = options.first(where: { $0.name == typed }) { return option }
        if typed.count == 1, let letter = typed.first {
            return options.first { $0.alias == letter }
        }
        return nil
    }
}

extension String {
    /// Without leading and trailing ASCII white space (spaces, tabs, line ends).
    var trimmed: String {
        let bytes = utf8
        let isSpace = { (byte: UInt8) in byte == 0x20 || (0x09...0x0D).contains(byte) }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// Lower-cased ASCII letters; other characters unchanged (for protocol tokens such as header names).
    var asciiLowercased: String {
        String(decoding: utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}
