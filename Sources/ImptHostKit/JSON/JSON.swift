/// A JSON value whose objects keep their members in insertion order.
///
/// impCentral sends attributes in a meaningful order and impt prints them in that order, so an
/// ordered representation is required. Whole numbers are kept as `Int64` so ids and counters
/// round-trip exactly; other numbers are `Double`.
public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object(JSONObject)

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.2e18: return Int64(d)
        default: return nil
        }
    }

    public var arrayValue: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// True for the scalar kinds (null, boolean, number, string).
    public var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSON? {
        objectValue?[key]
    }

    /// Follows a dotted path: object keys, or decimal indexes into arrays.
    public func lookup(_ path: String) -> JSON? {
        var current = self
        var utf8 = Substring(path).utf8
        while true {
            let end = utf8.firstIndex(of: UInt8(ascii: ".")) ?? utf8.endIndex
            let part = Substring(utf8[utf8.startIndex..<end])
            switch current {
            case .object(let o):
                guard let next = o[String(part)] else { return nil }
                current = next
            case .array(let a):
                guard let i = Int(part), i >= 0, i < a.count else { return nil }
                current = a[i]
            default:
                return nil
            }
            guard end != utf8.endIndex else { return current }
            utf8 = utf8[utf8.index(after: end)...]
        }
    }
}

/// An ordered set of key/value members. Keys are unique; setting an existing key keeps its place.
///
/// Members are kept in one array: impCentral objects have a handful of keys, for which a scan is
/// cheaper than hashing.
public struct JSONObject: Equatable, Sendable, Sequence {
    private var members: [(key: String, value: JSON)] = []

    public init() {}

    public init(_ members: [(String, JSON)]) {
        for (k, v) in members { self[k] = v }
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    private func index(of key: String) -> Int? {
        members.firstIndex { $0.key == key }
    }

    public subscript(key: String) -> JSON? {
        get { index(of: key).map { members[$0].value } }
        set {
            let existing = index(of: key)
            switch (existing, newValue) {
            case (let i?, let value?): members[i].value = value
            case (nil, let value?): members.append((key, value))
            case (let i?, nil): members.remove(at: i)
            case (nil, nil): break
            }
        }
    }

    /// The `index`th member.
    public func member(at index: Int) -> (key: String, value: JSON) { members[index] }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSON)]> {
        members.makeIterator()
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) { self = .object(JSONObject(elements)) }
    public init(nilLiteral: ()) { self = .null }
}
