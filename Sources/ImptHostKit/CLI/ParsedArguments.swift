/// The value an option ends up with after parsing and defaults, as passed to the handler.
public enum OptionValue: Equatable, Sendable {
    case string(String?)
    case flag(Bool)
    /// -1 unset, 0 false, 1 true.
    case bool(Int32)
    case int(Int64?)
    case list([String])
    case number(Double?)
}

/// Result of parsing one command line against a command's declarations.
public struct ParsedArguments: Equatable, Sendable {
    /// One value per declared option (host options excluded), in declaration order.
    public var values: [OptionValue]
    /// Names of the options given on the command line.
    public var given: Set<String>
    public var outputMode: OutputMode

    public init(values: [OptionValue], given: Set<String>, outputMode: OutputMode) {
        self.values = values
        self.given = given
        self.outputMode = outputMode
    }
}

public enum OutputMode: Int32, Sendable {
    case standard = 0
    case minimal = 1
    case json = 2
    case debug = 3

    init?(optionValue: String) {
        switch optionValue {
        case "minimal": self = .minimal
        case "json": self = .json
        case "debug": self = .debug
        default: return nil
        }
    }

    /// Whether informational lines and the status line are shown.
    public var showsInfo: Bool { self == .standard || self == .debug }
}

/// A command-line mistake, reported with the command's help text before it.
public struct UsageError: Error, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
