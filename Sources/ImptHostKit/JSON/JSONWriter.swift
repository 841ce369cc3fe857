import ImptJSONText

/// Serialises `JSON` the way JavaScript's `JSON.stringify(value, null, 2)` does, which is the
/// layout impt's json output mode has always had.
public enum JSONWriter {
    public static func write(_ value: JSON, pretty: Bool) -> String {
        String(decoding: bytes(value, pretty: pretty), as: UTF8.self)
    }

    /// The UTF-8 text of `write`, without going through a `String` (request bodies). Compact
    /// text is written into a buffer of its exact size: a body carrying megabytes of source code
    /// is never copied while it grows.
    public static func bytes(_ value: JSON, pretty: Bool) -> [UInt8] {
        var out: [UInt8] = []
        if !pretty { out.reserveCapacity(compactLength(value)) }
        append(value, to: &out, pretty: pretty, indent: 0)
        return out
    }

    /// The length of the compact text of a value.
    static func compactLength(_ value: JSON) -> Int {
        switch value {
        case .null, .bool(true): return 4
        case .bool(false): return 5
        case .int(let i): return String(i).utf8.count
        case .double(let d): return formatNumber(d).utf8.count
        case .string(let s): return JSONText.quotedLength(s)
        case .array(let elements):
            return elements.reduce(1 + max(1, elements.count)) { $0 + compactLength($1) }
        case .object(let object):
            var length = 1 + max(1, object.count)
            for (key, member) in object { length += JSONText.quotedLength(key) + 1 + compactLength(member) }
            return length
        }
    }

    private static func append(_ value: JSON, to out: inout [UInt8], pretty: Bool, indent: Int) {
        switch value {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .int(let i): out += String(i).utf8
        case .double(let d): out += formatNumber(d).utf8
        case .string(let s): JSONText.appendQuoted(s, to: &out)
        case .array(let elements):
            guard !elements.isEmpty else { out += "[]".utf8; return }
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, pretty: pretty, indent: indent + 2)
                append(element, to: &out, pretty: pretty, indent: indent + 2)
            }
            newline(&out, pretty: pretty, indent: indent)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.isEmpty else { out += "{}".utf8; return }
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in object {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                newline(&out, pretty: pretty, indent: indent + 2)
                JSONText.appendQuoted(key, to: &out)
                out += (pretty ? ": " : ":").utf8
                append(member, to: &out, pretty: pretty, indent: indent + 2)
            }
            newline(&out, pretty: pretty, indent: indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ out: inout [UInt8], pretty: Bool, indent: Int) {
        guard pretty else { return }
        out.append(UInt8(ascii: "\n"))
        out += repeatElement(UInt8(ascii: " "), count: indent)
    }

    /// ECMAScript Number::toString: integers without a fraction, plain notation between 1e-7 and
    /// 1e21, exponent notation like `1.5e-7` outside that range.
    public static func formatNumber(_ value: Double) -> String {
        if value.isNaN || value.isInfinite { return "null" }
        if value == 0 { return "0" }
        if value < 0 { return "-" + formatNumber(-value) }
        // Swift's description is the shortest round-tripping form; re-arrange its digits.
        let (digits, exponent) = decimalDigits(of: value)
        let k = digits.count
        let n = exponent  // value = 0.digits × 10^n
        if k <= n && n <= 21 {
            return digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let split = digits.index(digits.startIndex, offsetBy: n)
            return String(digits[..<split]) + "." + String(digits[split...])
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + digits
        }
        let e = n - 1
        let mantissa = k == 1 ? digits : String(digits.prefix(1)) + "." + String(digits.dropFirst())
        return mantissa + "e" + (e >= 0 ? "+" : "-") + String(abs(e))
    }

    /// Significant digits and decimal exponent `n` such that value = 0.<digits> × 10^n.
    private static func decimalDigits(of value: Double) -> (String, Int) {
        let text = value.description  // e.g. "1.5", "1e-07", "1.2345e+20", "100.0"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var integerPart = mantissa
        var fractionPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(integerPart) + String(fractionPart)
        var n = integerPart.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            n -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, n)
    }
}
