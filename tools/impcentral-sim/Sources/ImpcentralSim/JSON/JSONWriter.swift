import NIOCore

/// A hand-written JSON byte writer: the encoder of every response body.
///
/// It appends UTF-8 bytes to a growing array; callers are responsible for putting commas
/// between members (see `ObjectWriter`-style helpers below). It is much faster than
/// JSONEncoder for the list endpoints and keeps the attribute order under our control.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    public mutating func rawString(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    @inline(__always)
    public mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// A quoted, escaped JSON string; runs that need no escaping are copied whole.
    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { escaped($0) }
        if copied == nil { escaped(Array(text.utf8)) }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escaped<Bytes: RandomAccessCollection<UInt8>>(_ utf8: Bytes) where Bytes.Index == Int {
        var runStart = utf8.startIndex
        for index in utf8.indices {
            let byte = utf8[index]
            if byte >= 0x20 && byte != 0x22 && byte != 0x5C { continue }
            bytes.append(contentsOf: utf8[runStart..<index])
            switch byte {
            case 0x22: raw("\\\"")
            case 0x5C: raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            default:
                raw("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            }
            runStart = index + 1
        }
        bytes.append(contentsOf: utf8[runStart...])
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    public mutating func stringOrNull(_ text: String?) {
        if let text { string(text) } else { raw("null") }
    }

    public mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    public mutating func int(_ value: Int) {
        rawString(String(value))
    }

    public mutating func intOrNull(_ value: Int?) {
        if let value { int(value) } else { raw("null") }
    }

    /// A millisecond UTC timestamp as an ISO-8601 string.
    public mutating func timestamp(_ ms: Int64) {
        bytes.append(UInt8(ascii: "\""))
        Timestamps.appendISO(ms, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func timestampOrNull(_ ms: Int64?) {
        if let ms { timestamp(ms) } else { raw("null") }
    }

    /// `"key":` — the member name followed by a colon.
    public mutating func key(_ name: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        raw("\":")
    }

    public mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes any parsed JSON value, preserving member order and number text.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case .bool(let b): bool(b)
        case .number(let text): rawString(text)
        case .string(let s): string(s)
        case .array(let items):
            byte(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                self.value(item)
            }
            byte(UInt8(ascii: "]"))
        case .object(let members):
            byte(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                key(member.key)
                self.value(member.value)
            }
            byte(UInt8(ascii: "}"))
        }
    }

    public var byteBuffer: ByteBuffer { ByteBuffer(bytes: bytes) }
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

extension JSONValue {
    /// Compact JSON text of the value.
    public var jsonText: String {
        var writer = JSONWriter()
        writer.value(self)
        return writer.text
    }
}
