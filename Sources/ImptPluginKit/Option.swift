import ImptPluginAPI

/// An option of a `Command`, declared next to the property that receives its value. The
/// property's type decides the option's type:
///
/// | Swift type | option | absent |
/// | --- | --- | --- |
/// | `String?` | a value | nil |
/// | `String` | a value (give `required` or `default`) | "" |
/// | `[String]` | a value that may be repeated | [] |
/// | `Bool` | a flag | false |
/// | `Bool?` | `--x`, `--x true`, `--x false` | nil |
/// | `Int?`, `Int` | a whole number | nil, 0 |
/// | `Double?` | a number | nil |
@propertyWrapper
public struct Option<Value: OptionValue>: OptionProperty {
    public let definition: OptionDefinition
    private let storage = OptionStorage<Value>()

    public var wrappedValue: Value { storage.value ?? Value.whenAbsent }

    /// - Parameters:
    ///   - value: the placeholder of the usage line (`PRODUCT_IDENTIFIER`); none for flags.
    ///   - fromProject: the command takes the value from the project file when the option is
    ///     absent (shown in the help; the command resolves it).
    ///   - positive: for whole numbers, only positive values are accepted.
    public init(
        _ name: String, _ alias: Character? = nil, value valueName: String? = nil, help: String, required: Bool = false,
        allowEmpty: Bool = false, fromProject: Bool = false, positive: Bool = false, choices: [String]? = nil,
        default defaultValue: String? = nil
    ) {
        var definition = OptionDefinition(
            name: name, alias: alias, type: Value.optionType, valueName: Value.optionType == IMPT_OPTION_FLAG ? nil : valueName,
            help: help, choices: choices, defaultValue: defaultValue)
        if required { definition.flags |= UInt32(IMPT_OPTION_REQUIRED) }
        if allowEmpty { definition.flags |= UInt32(IMPT_OPTION_ALLOW_EMPTY) }
        if fromProject { definition.flags |= UInt32(IMPT_OPTION_PROJECT_DEFAULT) }
        if positive { definition.flags |= UInt32(IMPT_OPTION_POSITIVE) }
        self.definition = definition
    }

    /// An option shared by several commands, declared once as an `OptionDefinition` (its type
    /// must be the one the property's type gives; the SDK refuses the plugin otherwise).
    public init(_ shared: OptionDefinition) {
        definition = shared
    }

    public func load(_ arguments: ArgumentReader) throws(PluginFailure) {
        storage.value = try Value.read(arguments, definition.name)
    }

    public var valueType: impt_option_type { Value.optionType }
}

/// The type-erased side of `@Option`, which the SDK finds among a command's properties.
public protocol OptionProperty {
    var definition: OptionDefinition { get }
    /// The option type the property's Swift type needs.
    var valueType: impt_option_type { get }
    /// Reads the value for the coming `run`.
    func load(_ arguments: ArgumentReader) throws(PluginFailure)
}

/// Where an `@Option` keeps its value: a reference, so that the command the SDK runs sees what
/// the SDK loaded through the copy `Mirror` gave it.
final class OptionStorage<Value>: @unchecked Sendable {
    var value: Value?
}

/// A Swift type an option's value can be read as.
public protocol OptionValue {
    static var optionType: impt_option_type { get }
    static func read(_ arguments: ArgumentReader, _ name: String) throws(PluginFailure) -> Self
    /// The value before the SDK read one (outside `run`).
    static var whenAbsent: Self { get }
}

/// A type whose optional is an `OptionValue` (`String?`, `Bool?`, `Int?`, `Double?`).
public protocol OptionalOptionValue {
    static var optionalOptionType: impt_option_type { get }
    static func readOptional(_ arguments: ArgumentReader, _ name: String) throws(PluginFailure) -> Self?
}

extension Optional: OptionValue where Wrapped: OptionalOptionValue {
    public static var optionType: impt_option_type { Wrapped.optionalOptionType }
    public static func read(_ arguments: ArgumentReader, _ name: String) throws(PluginFailure) -> Self {
        try Wrapped.readOptional(arguments, name)
    }
    public static var whenAbsent: Self { nil }
}

extension String: OptionValue, OptionalOptionValue {
    public static var optionType: impt_option_type { IMPT_OPTION_STRING }
    public static var optionalOptionType: impt_option_type { IMPT_OPTION_STRING }
    public static func read(_ arguments: ArgumentReader, _ name: String) throws(PluginFailure) -> String {
        try arguments.string(name) ?? ""
    }
    public static func readOptional(_ arguments: ArgumentReader, _ name: String) throws(PluginFailure) -> String? {
        try arguments.string(name)
    }
    public static var whenAbsent: String { "" }
}

extension Array: OptionValue where Element == String {
    public static var optionType: impt_option_type { IMPT_OPTION_STRING_LIST }
    public static func read(_ arguments: ArgumentReader, _ name: String) throws(PluginFailure) -> [String] {
        try arguments.list(name)
    }
    public static var whenAbsent: [String] { [] }
}

extension Bool: OptionValue, OptionalOptionValue {
    public static var optionType: impt_option_type { IMPT_OPTION_FLAG }
    public static var optionalOptionType: impt_option_type { IMPT_OPTION_BOOL }
    public static func read(_ arguments: ArgumentReader, _ name: String) throws(PluginFailure) -> Bool {
        try arguments.flag(name)
    }
    public static func readOptional(_ arguments: ArgumentReader, _ name: String) throws(PluginFailure) -> Bool? {
        try arguments.tristate(name)
    }
    public static var whenAbsent: Bool { false }
}

extension Int: OptionValue, OptionalOptionValue {
    public static var optionType: impt_option_type { IMPT_OPTION_INT }
    public static var optionalOptionType: impt_option_type { IMPT_OPTION_INT }
    public static func read(_ arguments: ArgumentReader, _ name: String) throws(PluginFailure) -> Int {
        try arguments.integer(name) ?? 0
    }
    public static func readOptional(_ arguments: ArgumentReader, _ name: String) throws(PluginFailure) -> Int? {
        try arguments.integer(name)
    }
    public static var whenAbsent: Int { 0 }
}

extension Double: OptionalOptionValue {
    public static var optionalOptionType: impt_option_type { IMPT_OPTION_NUMBER }
    public static func readOptional(_ arguments: ArgumentReader, _ name: String) throws(PluginFailure) -> Double? {
        try arguments.number(name)
    }
}
