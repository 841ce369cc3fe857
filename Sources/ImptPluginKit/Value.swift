import ImptPluginAPI

/// A JSON value owned by the host for the running command (an `impt_value *`).
public struct Value {
    public let context: Context
    public let handle: OpaquePointer

    private var table: UnsafePointer<impt_values_v1> { PluginHost.values! }

    public var kind: impt_value_kind {
        impt_value_kind(rawValue: UInt32(bitPattern: table.pointee.kind(context.handle, handle)))
    }

    public var isNull: Bool { kind == IMPT_VALUE_NULL }

    public subscript(key: String) -> Value? {
        table.pointee.member(context.handle, handle, key).map { Value(context: context, handle: $0) }
    }

    public subscript(index: Int) -> Value? {
        guard index >= 0 else { return nil }
        return table.pointee.element(context.handle, handle, index).map { Value(context: context, handle: $0) }
    }

    /// Follows a dotted path such as "relationships.owner.id".
    public func lookup(_ path: String) -> Value? {
        table.pointee.lookup(context.handle, handle, path).map { Value(context: context, handle: $0) }
    }

    public var string: String? {
        table.pointee.get_string(context.handle, handle).map { String(cString: $0) }
    }

    public var bool: Bool? {
        kind == IMPT_VALUE_BOOL ? table.pointee.get_bool(context.handle, handle) : nil
    }

    public var int: Int64? {
        var out: Int64 = 0
        return table.pointee.get_integer(context.handle, handle, &out) == 0 ? out : nil
    }

    public var count: Int { table.pointee.count(context.handle, handle) }

    /// Elements of an array (members of an object).
    public var elements: [Value] { (0..<count).compactMap { self[$0] } }

    public var keys: [String] {
        (0..<count).compactMap { table.pointee.key_at(context.handle, handle, $0).map { String(cString: $0) } }
    }

    public func set(_ key: String, _ value: Value) {
        _ = table.pointee.set(context.handle, handle, key, value.handle)
    }

    public func set(_ key: String, _ literal: JSONLiteral) {
        set(key, context.make(literal))
    }

    public func append(_ value: Value) {
        _ = table.pointee.append(context.handle, handle, value.handle)
    }

    /// The id of a resource (`"id"` member).
    public var id: String? { self["id"]?.string }

    /// The id of a related resource (`relationships.<relation>.id`), e.g. `related("devicegroup")`.
    public func related(_ relation: String) -> String? { lookup("relationships.\(relation).id")?.string }
}

/// JSON written in Swift, turned into a host value with `Context.make`.
public indirect enum JSONLiteral: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    case null
    case bool(Bool)
    case int(Int64)
    case number(Double)
    case string(String)
    case array([JSONLiteral])
    case object([(String, JSONLiteral)])
    /// A value the host already holds.
    case value(ImptPluginKit.Value)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(arrayLiteral elements: JSONLiteral...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONLiteral)...) { self = .object(elements) }
    public init(nilLiteral: ()) { self = .null }

    /// A string, or null when nil.
    public static func optional(_ text: String?) -> JSONLiteral { text.map { .string($0) } ?? .null }
}
