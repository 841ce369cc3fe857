/// Serialises `JSON` the way JavaScript's `JSON.stringify(value, null, 2)` does, which is the
/// layout impt's json output mode has always had.
public enum JSONWriter {
    public static func write(_ value: JSON, pretty: Bool) -> String {
        var out = ""
        append(value, to: &out, pretty: pretty, indent: 0)
        return out
    }

    private static func append(_ value: JSON, to out: inout String, pretty: Bool, indent: Int) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += formatNumber(d)
        case .string(let s): appendQuoted(s, to: &out)
        case .array(let elements):
            guard !elements.isEmpty else { out += "[]"; return }
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                newline(&out, pretty: pretty, indent: indent + 2)
                append(element, to: &out, pretty: pretty, indent: indent + 2)
            }
            newline(&out, pretty: pretty, indent: indent)
            out += "]"
        case .object(let object):
            guard !object.isEmpty else { out += "{}"; return }
            out += "{"
            var first = true
            for (key, member) in object {
                if !first { out += "," }
                first = false
                newline(&out, pretty: pretty, indent: indent + 2)
                appendQuoted(key, to: &out)
                out += pretty ? ": " : ":"
                append(member, to: &out, pretty: pretty, indent: indent + 2)
            }
            newline(&out, pretty: pretty, indent: indent)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, pretty: Bool, indent: Int) {
        guard pretty else { return }
        out += "\n"
        out += String(repeating: " ", count: indent)
    }

    static func appendQuoted(_ string: String, to out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00"
                    out += hexDigit(scalar.value >> 4)
                    out += hexDigit(scalar.value & 0xF)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    private static func hexDigit(_ value: UInt32) -> String {
        String(UnicodeScalar(UInt8(value < 10 ? 48 + value : 87 + value)))
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
