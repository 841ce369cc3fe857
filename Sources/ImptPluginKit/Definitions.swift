#if canImport(Glibc)
import Glibc
#endif
import ImptPluginAPI

/// One option of a command, declared in Swift and turned into an `impt_option`.
public struct OptionDefinition: Sendable {
    public var name: String
    public var alias: Character?
    public var type: impt_option_type
    public var flags: UInt32 = 0
    public var valueName: String?
    public var help: String
    public var choices: [String]?
    public var defaultValue: String?

    /// `const char *` parameter.
    /// - Parameter usageTrailing: shown by name alone after `--output` in the usage line (see
    ///   `IMPT_OPTION_USAGE_TRAILING`).
    public static func string(
        _ name: String, _ alias: Character? = nil, value: String, help: String, required: Bool = false,
        allowEmpty: Bool = false, fromProject: Bool = false, choices: [String]? = nil, defaultValue: String? = nil,
        usageTrailing: Bool = false
    ) -> OptionDefinition {
        var option = OptionDefinition(
            name: name, alias: alias, type: IMPT_OPTION_STRING, valueName: value, help: help, choices: choices,
            defaultValue: defaultValue)
        if required { option.flags |= UInt32(IMPT_OPTION_REQUIRED) }
        if allowEmpty { option.flags |= UInt32(IMPT_OPTION_ALLOW_EMPTY) }
        if fromProject { option.flags |= UInt32(IMPT_OPTION_PROJECT_DEFAULT) }
        if usageTrailing { option.flags |= UInt32(IMPT_OPTION_USAGE_TRAILING) }
        return option
    }

    /// `bool` parameter.
    public static func flag(_ name: String, _ alias: Character? = nil, help: String) -> OptionDefinition {
        OptionDefinition(name: name, alias: alias, type: IMPT_OPTION_FLAG, help: help)
    }

    /// `int32_t` parameter (-1 absent, 0 false, 1 true).
    public static func boolean(_ name: String, _ alias: Character? = nil, help: String) -> OptionDefinition {
        OptionDefinition(name: name, alias: alias, type: IMPT_OPTION_BOOL, help: help)
    }

    /// `int64_t` parameter.
    public static func integer(
        _ name: String, _ alias: Character? = nil, value: String, help: String, positive: Bool = false,
        defaultValue: String? = nil
    ) -> OptionDefinition {
        var option = OptionDefinition(
            name: name, alias: alias, type: IMPT_OPTION_INT, valueName: value, help: help, defaultValue: defaultValue)
        if positive { option.flags |= UInt32(IMPT_OPTION_POSITIVE) }
        return option
    }

    /// `const char *const *` parameter (NULL-terminated).
    public static func list(
        _ name: String, _ alias: Character? = nil, value: String, help: String, choices: [String]? = nil
    ) -> OptionDefinition {
        OptionDefinition(name: name, alias: alias, type: IMPT_OPTION_STRING_LIST, valueName: value, help: help, choices: choices)
    }
}

/// A rule between two options.
public struct ConstraintDefinition: Sendable {
    public var kind: impt_constraint_kind
    public var first: String
    public var second: String

    public static func exclusive(_ first: String, _ second: String) -> ConstraintDefinition {
        ConstraintDefinition(kind: IMPT_CONSTRAINT_EXCLUSIVE, first: first, second: second)
    }

    public static func requires(_ first: String, _ second: String) -> ConstraintDefinition {
        ConstraintDefinition(kind: IMPT_CONSTRAINT_REQUIRES, first: first, second: second)
    }

    public static func together(_ first: String, _ second: String) -> ConstraintDefinition {
        ConstraintDefinition(kind: IMPT_CONSTRAINT_TOGETHER, first: first, second: second)
    }
}

/// One command: its declarations and how it runs: a `Command` type (the 1.3 handler form, the
/// usual way), or a positional `@convention(c)` handler (the 1.0 form, for plugins that must
/// load into older impt releases).
public struct CommandDefinition: @unchecked Sendable {
    public var name: String
    public var summary: String
    public var description: String?
    public var usage: String?
    public var options: [OptionDefinition]
    public var constraints: [ConstraintDefinition]
    public var examples: String?
    public var handler: Handler?
    /// The command type `run` invokes.
    public var command: (any Command.Type)?

    /// A command with a positional handler.
    public init(
        name: String, summary: String, description: String? = nil, usage: String? = nil,
        options: [OptionDefinition], constraints: [ConstraintDefinition] = [], examples: String? = nil,
        handler: Handler
    ) {
        self.name = name
        self.summary = summary
        self.description = description
        self.usage = usage
        self.options = options
        self.constraints = constraints
        self.examples = examples
        self.handler = handler
    }

    /// A command run through the 1.3 handler form.
    init(
        name: String, summary: String, description: String?, options: [OptionDefinition],
        constraints: [ConstraintDefinition], examples: String?, run command: any Command.Type
    ) {
        self.name = name
        self.summary = summary
        self.description = description
        self.options = options
        self.constraints = constraints
        self.examples = examples
        self.command = command
    }
}

/// A `@convention(c)` handler together with the Swift description of its type, which the SDK
/// compares with the declared options when it builds the descriptor (see `HandlerSignature`).
public struct Handler: @unchecked Sendable {
    public let function: impt_handler
    public let signature: String

    public init<Function>(_ function: Function) {
        precondition(MemoryLayout<Function>.size == MemoryLayout<impt_handler>.size, "a handler must be a @convention(c) function")
        self.function = unsafeBitCast(function, to: impt_handler.self)
        signature = String(describing: Function.self)
    }
}

/// Wraps a `@convention(c)` handler of any signature for a `CommandDefinition`.
public func cHandler<Function>(_ function: Function) -> Handler {
    Handler(function)
}

/// A command group plugin. `descriptor(host:)` builds the C descriptor once; it lives forever.
public final class PluginDefinition: @unchecked Sendable {
    public let group: String
    public let summary: String
    public let description: String?
    public let version: String
    public let commands: [CommandDefinition]
    private var built: UnsafePointer<impt_plugin_descriptor>?
    /// Why the declarations cannot be used (a handler that does not match its options), reported
    /// to the host by the descriptor's `init` callback.
    public private(set) var problem: String?
    /// The plugin of this library (one per library), for the `init` callback.
    nonisolated(unsafe) static var current: PluginDefinition?

    /// The language and compiler the descriptor names (ABI 1.3), shown by `impt plugins list`.
    public let language: String
    public let toolchain: String

    public init(
        group: String, summary: String, description: String? = nil, version: String, commands: [CommandDefinition],
        language: String = "Swift", toolchain: String = PluginDefinition.swiftCompiler
    ) {
        self.group = group
        self.summary = summary
        self.description = description
        self.version = version
        self.commands = commands
        self.language = language
        self.toolchain = toolchain
    }

    /// A group of `Command` types, each declared once.
    public convenience init(
        group: String, summary: String, description: String? = nil, version: String, commands: [any Command.Type]
    ) {
        self.init(group: group, summary: summary, description: description, version: version, commands: commands.map { $0.definition })
    }

    /// The Swift compiler that built the SDK (and so the plugin), as precisely as the language
    /// lets a program tell.
    public static let swiftCompiler: String = {
        #if compiler(>=6.4)
        return "Swift 6.4 or newer"
        #elseif compiler(>=6.3)
        return "Swift 6.3"
        #elseif compiler(>=6.2)
        return "Swift 6.2"
        #elseif compiler(>=6.1)
        return "Swift 6.1"
        #else
        return "Swift 6.0"
        #endif
    }()

    /// The one 1.3 handler of every `Command` of the library: finds the command by name, reads
    /// its options and runs it.
    private static let runTrampoline: @convention(c) (OpaquePointer?, OpaquePointer?) -> Int32 = { ctx, args in
        Context.run(ctx) { context throws(PluginFailure) in
            let arguments = ArgumentReader(context: context, handle: args)
            let name = arguments.command
            guard let command = PluginDefinition.current?.commands.first(where: { $0.name == name })?.command else {
                throw context.fail(IMPT_ERR_INTERNAL, "Internal error: the plugin has no command \"\(name)\".")
            }
            try command.invoke(context, arguments)
        }
    }

    /// Why a command's declarations cannot be used, or nil.
    private static func problem(in command: CommandDefinition) -> String? {
        if command.handler != nil { return HandlerSignature.mismatch(in: command) }
        guard let type = command.command else { return "command \"\(command.name)\" has no handler" }
        for property in type.optionProperties where property.definition.type != property.valueType {
            return "command \"\(command.name)\": option --\(property.definition.name) is declared as "
                + "\(HandlerSignature.alias(property.definition.type)) but its property needs \(HandlerSignature.alias(property.valueType))"
        }
        return nil
    }

    /// Keeps the host for the services and returns the descriptor.
    public func descriptor(host: UnsafePointer<impt_host>?) -> UnsafePointer<impt_plugin_descriptor> {
        if let host { PluginHost.install(host) }
        if let built { return built }
        PluginDefinition.current = self
        problem = commands.lazy.compactMap { PluginDefinition.problem(in: $0) }.first
        let commandArray = UnsafeMutablePointer<impt_command>.allocate(capacity: commands.count)
        for (index, command) in commands.enumerated() {
            let options = UnsafeMutablePointer<impt_option>.allocate(capacity: max(1, command.options.count))
            for (i, option) in command.options.enumerated() {
                options[i] = impt_option(
                    header: header(impt_option.self), name: permanent(option.name),
                    alias: option.alias.map { CChar(bitPattern: UInt8($0.asciiValue ?? 0)) } ?? 0,
                    type: option.type.rawValue, flags: option.flags, value_name: option.valueName.map(permanent),
                    help: permanent(option.help), choices: option.choices.map(permanentList),
                    default_value: option.defaultValue.map(permanent))
            }
            let constraints = UnsafeMutablePointer<impt_constraint>.allocate(capacity: max(1, command.constraints.count))
            for (i, constraint) in command.constraints.enumerated() {
                constraints[i] = impt_constraint(
                    header: header(impt_constraint.self), kind: constraint.kind.rawValue,
                    first: permanent(constraint.first), second: permanent(constraint.second))
            }
            commandArray[index] = impt_command(
                header: header(impt_command.self), name: permanent(command.name), summary: permanent(command.summary),
                description: command.description.map(permanent), usage: command.usage.map(permanent),
                options: UnsafePointer(options), option_count: command.options.count, handler: command.handler?.function,
                constraints: UnsafePointer(constraints), constraint_count: command.constraints.count,
                examples: command.examples.map(permanent), run: command.command == nil ? nil : PluginDefinition.runTrampoline)
        }
        let descriptor = UnsafeMutablePointer<impt_plugin_descriptor>.allocate(capacity: 1)
        descriptor.initialize(
            to: impt_plugin_descriptor(
                header: header(impt_plugin_descriptor.self), group: permanent(group), summary: permanent(summary),
                description: description.map(permanent), plugin_version: permanent(version),
                commands: UnsafePointer(commandArray), command_count: commands.count, init: PluginDefinition.initialize,
                language: permanent(language), toolchain: permanent(toolchain)))
        built = UnsafePointer(descriptor)
        return UnsafePointer(descriptor)
    }

    /// The descriptor's `init` callback: refuses the plugin when its declarations are unusable.
    private static let initialize: @convention(c) (UnsafePointer<impt_host>?, UnsafeMutablePointer<CChar>?, Int) -> Int32 = {
        _, message, size in
        guard let problem = PluginDefinition.current?.problem else { return Int32(IMPT_OK.rawValue) }
        if let message, size > 0 {
            let bytes = Array(problem.utf8.prefix(size - 1))
            for (index, byte) in bytes.enumerated() { message[index] = CChar(bitPattern: byte) }
            message[bytes.count] = 0
        }
        return Int32(IMPT_ERR_INTERNAL.rawValue)
    }

    private func header<T>(_ type: T.Type) -> impt_struct_header {
        impt_struct_header(
            struct_size: UInt32(MemoryLayout<T>.size), abi_major: UInt16(IMPT_ABI_MAJOR), abi_minor: UInt16(IMPT_ABI_MINOR))
    }

    private func permanent(_ text: String) -> UnsafePointer<CChar> {
        UnsafePointer(strdup(text)!)
    }

    private func permanentList(_ items: [String]) -> UnsafePointer<UnsafePointer<CChar>?> {
        let list = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: items.count + 1)
        for (i, item) in items.enumerated() { list[i] = permanent(item) }
        list[items.count] = nil
        return UnsafePointer(list)
    }
}
