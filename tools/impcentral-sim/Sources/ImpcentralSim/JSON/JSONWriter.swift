import ImptJSONText
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

    /// Makes room for `count` more bytes at once (a body carrying megabytes is not regrown).
    public mutating func reserve(_ count: Int) {
        bytes.reserveCapacity(bytes.count + count)
    }

    /// A quoted, escaped JSON string, written at memory speed (into reserved room when there is
    /// enough, else growing by exactly its length).
    public mutating func string(_ text: String) {
        JSONText.appendQuoted(text, to: &bytes)
    }

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
