/// The host's view of what a plugin declares: groups, commands and options. Built from the C
/// descriptors by `PluginLoader` (in an inspection process), kept in the plugin cache as JSON
/// (`PluginDeclarations`), or written directly for the host's own commands.

public enum OptionKind: UInt32, Sendable {
    case string = 1
    case flag = 2
    case bool = 3
    case int = 4
    case stringList = 5
    case number = 6

    /// The tag yargs-style help shows after the description.
    var helpTag: String {
        switch self {
        case .string: return "string"
        case .flag, .bool: return "boolean"
        case .int, .number: return "number"
        case .stringList: return "array"
        }
    }

    var takesValue: Bool { self != .flag && self != .bool }
}

public struct OptionSpec: Sendable, Equatable {
    public var name: String
    public var alias: Character?
    public var kind: OptionKind
    public var required = false
    public var allowEmpty = false
    public var projectDefault = false
    public var positive = false
    /// Shown by name alone after `--output` in the generated usage line.
    public var usageTrailing = false
    public var valueName: String?
    public var help: String
    public var choices: [String]?
    public var defaultValue: String?

    public init(
        name: String, alias: Character? = nil, kind: OptionKind, required: Bool = false,
        allowEmpty: Bool = false, projectDefault: Bool = false, positive: Bool = false, usageTrailing: Bool = false,
        valueName: String? = nil, help: String, choices: [String]? = nil, defaultValue: String? = nil
    ) {
        self.usageTrailing = usageTrailing
        self.name = name
        self.alias = alias
        self.kind = kind
        self.required = required
        self.allowEmpty = allowEmpty
        self.projectDefault = projectDefault
        self.positive = positive
        self.valueName = valueName
        self.help = help
        self.choices = choices
        self.defaultValue = defaultValue
    }
}

public enum ConstraintKind: UInt32, Sendable {
    case exclusive = 1
    case requires = 2
    case together = 3
}

public struct ConstraintSpec: Sendable, Equatable {
    public var kind: ConstraintKind
    public var first: String
    public var second: String

    public init(kind: ConstraintKind, first: String, second: String) {
        self.kind = kind
        self.first = first
        self.second = second
    }
}

public struct CommandSpec: Sendable, Equatable {
    public var name: String
    public var summary: String
    public var description: String
    public var usage: String?
    public var options: [OptionSpec]
    public var constraints: [ConstraintSpec]
    public var examples: String?

    public init(
        name: String, summary: String, description: String? = nil, usage: String? = nil,
        options: [OptionSpec], constraints: [ConstraintSpec] = [], examples: String? = nil
    ) {
        self.name = name
        self.summary = summary
        self.description = description ?? summary
        self.usage = usage
        self.options = options
        self.constraints = constraints
        self.examples = examples
    }

    /// The declared options followed by the two every command has.
    public var allOptions: [OptionSpec] { options + StandardOptions.all }
}

public struct GroupSpec: Sendable, Equatable {
    public var name: String
    public var summary: String
    public var description: String
    public var commands: [CommandSpec]

    public init(name: String, summary: String, description: String? = nil, commands: [CommandSpec]) {
        self.name = name
        self.summary = summary
        self.description = description ?? summary
        self.commands = commands
    }

    public func command(named name: String) -> CommandSpec? {
        commands.first { $0.name == name }
    }
}

/// `--output` and `--help`, which the host adds to every command.
public enum StandardOptions {
    public static let outputModes = ["minimal", "json", "debug"]

    public static let output = OptionSpec(
        name: "output", alias: "z", kind: .string, valueName: "mode",
        help: "Sets the output mode: minimal prints only results and errors, json prints them as "
            + "JSON, debug adds every impCentral request and response.",
        choices: outputModes)

    public static let help = OptionSpec(
        name: "help", alias: "h", kind: .flag, help: "Shows this description and ignores every other option.")

    public static let all = [output, help]
    public static let reservedNames: Set<String> = ["output", "help", "version"]
}
