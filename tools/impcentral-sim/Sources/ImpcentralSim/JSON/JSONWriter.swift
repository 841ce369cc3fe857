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

    /// A quoted, escaped JSON string, written into capacity of its exact length: chunks of 16
    /// bytes that need no escaping are copied as they are.
    public mutating func string(_ text: String) {
        let utf8 = text.utf8Span.span
        bytes.append(addingCapacity: Self.quotedLength(utf8)) { output in
            output.append(UInt8(ascii: "\""))
            var start = 0
            while start < utf8.count {
                let end = min(utf8.count, start + 16)
                var escapes: UInt8 = 0
                for index in start..<end { escapes |= Self.needsEscape(utf8[index]) ? 1 : 0 }
                if escapes == 0 {
                    for index in start..<end { output.append(utf8[index]) }
                } else {
                    for index in start..<end { Self.appendEscaped(utf8[index], to: &output) }
                }
                start = end
            }
            output.append(UInt8(ascii: "\""))
        }
    }

    /// The length of the quoted text, counted in chunks of 32 bytes with a small counter, which
    /// the compiler vectorises.
    private static func quotedLength(_ utf8: Span<UInt8>) -> Int {
        var length = 2 + utf8.count
        var start = 0
        while start < utf8.count {
            let end = min(utf8.count, start + 32)
            var extra: UInt8 = 0
            for index in start..<end {
                let byte = utf8[index]
                extra &+= (needsEscape(byte) ? 1 : 0) &+ (byte < 0x20 && shortEscape(byte) == 0 ? 4 : 0)
            }
            length += Int(extra)
            start = end
        }
        return length
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C
    }

    /// The letter after the backslash of a two-character escape, or 0 for a `\u00XX` one.
    @inline(__always)
    private static func shortEscape(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x22, 0x5C: return byte
        case 0x0A: return UInt8(ascii: "n")
        case 0x0D: return UInt8(ascii: "r")
        case 0x09: return UInt8(ascii: "t")
        case 0x08: return UInt8(ascii: "b")
        case 0x0C: return UInt8(ascii: "f")
        default: return 0
        }
    }

    @inline(__always)
    private static func appendEscaped(_ byte: UInt8, to output: inout OutputSpan<UInt8>) {
        guard needsEscape(byte) else {
            output.append(byte)
            return
        }
        output.append(UInt8(ascii: "\\"))
        let letter = shortEscape(byte)
        if letter != 0 {
            output.append(letter)
        } else {
            for byte in [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]] {
                output.append(byte)
            }
        }
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
