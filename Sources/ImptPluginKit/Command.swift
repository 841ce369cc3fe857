import ImptPluginAPI

/// What a command says about itself besides its options.
public struct CommandConfiguration: Sendable {
    public var name: String
    /// One line for the group's help.
    public var summary: String
    /// The paragraph of the command's help; nil repeats the summary.
    public var description: String?
    /// Rules between options, by their long names.
    public var constraints: [ConstraintDefinition]
    /// Example command lines, one per line.
    public var examples: String?

    public init(
        name: String, summary: String, description: String? = nil, constraints: [ConstraintDefinition] = [],
        examples: String? = nil
    ) {
        self.name = name
        self.summary = summary
        self.description = description
        self.constraints = constraints
        self.examples = examples
    }
}

/// A command of a Swift plugin, declared once: its options are its stored properties, each an
/// `@Option` that says everything the host needs (name, alias, value name, help, required,
/// default, choices), and `run` reads them as typed Swift values. The SDK builds the C
/// declarations from the properties, in their order, and calls `run` through the ABI 1.3 handler
/// form, so no command writes a C type, a usage line or any argument-reading code.
///
/// ```swift
/// struct ProductInfo: Command {
///     static let configuration = CommandConfiguration(name: "info", summary: "Shows a Product.")
///     @Option("product", "p", value: "PRODUCT_IDENTIFIER", help: "The Product.") var product: String?
///     @Option("full", "u", help: "Also shows its Device Groups.") var full: Bool
///     func run(_ context: Context) throws(PluginFailure) { ... }
/// }
/// ```
public protocol Command {
    static var configuration: CommandConfiguration { get }
    /// Creates the command with its options unset; the SDK fills them before `run`.
    init()
    func run(_ context: Context) throws(PluginFailure)
}

extension Command {
    /// The options, in declaration order.
    static var optionProperties: [any OptionProperty] {
        Mirror(reflecting: Self()).children.compactMap { $0.value as? any OptionProperty }
    }

    /// The command as the descriptor declares it, called through `runTrampoline`.
    static var definition: CommandDefinition {
        let configuration = Self.configuration
        return CommandDefinition(
            name: configuration.name, summary: configuration.summary, description: configuration.description,
            options: optionProperties.map(\.definition), constraints: configuration.constraints,
            examples: configuration.examples, run: Self.self)
    }

    /// Reads every option through impt.args/1, then runs the command.
    static func invoke(_ context: Context, _ arguments: ArgumentReader) throws(PluginFailure) {
        let command = Self()
        for child in Mirror(reflecting: command).children {
            guard let option = child.value as? any OptionProperty else { continue }
            try option.load(arguments)
        }
        try command.run(context)
    }
}
