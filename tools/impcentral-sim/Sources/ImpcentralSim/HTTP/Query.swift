/// Percent-decoding and query-string parsing.
///
/// Clients send bracketed keys either raw (`page[size]=100`) or percent-encoded
/// (`page%5Bsize%5D=100`); both decode to the same key here.
enum PercentCoding {
    /// Decodes `%XX` sequences (and `+` as a space when `plusAsSpace`). Invalid escapes are kept.
    static func decode(_ text: Substring, plusAsSpace: Bool) -> String {
        var bytes: [UInt8] = []
        var needsWork = false
        for b in text.utf8 where b == UInt8(ascii: "%") || (plusAsSpace && b == UInt8(ascii: "+")) {
            needsWork = true
            break
        }
        if !needsWork { return String(text) }
        let source = Array(text.utf8)
        bytes.reserveCapacity(source.count)
        var i = 0
        while i < source.count {
            let b = source[i]
            if b == UInt8(ascii: "%"), i + 2 < source.count,
               let high = hexValue(source[i + 1]), let low = hexValue(source[i + 2]) {
                bytes.append(high << 4 | low)
                i += 3
            } else if plusAsSpace && b == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
                i += 1
            } else {
                bytes.append(b)
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static let unreserved: Set<UInt8> = Set(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    /// Encodes for `application/x-www-form-urlencoded` bodies.
    static func formEncode(_ text: String) -> String {
        var out: [UInt8] = []
        let digits = Array("0123456789ABCDEF".utf8)
        for b in text.utf8 {
            if unreserved.contains(b) {
                out.append(b)
            } else if b == UInt8(ascii: " ") {
                out.append(UInt8(ascii: "+"))
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A parsed query string: decoded key/value pairs in order, plus the raw text of each pair.
struct QueryParameters: Sendable {
    struct Pair: Sendable {
        var key: String
        var value: String
        var raw: Substring
    }

    var pairs: [Pair] = []

    init(_ query: String?) {
        guard let query, !query.isEmpty else { return }
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = part.firstIndex(of: "=") {
                pairs.append(Pair(
                    key: PercentCoding.decode(part[..<equals], plusAsSpace: true),
                    value: PercentCoding.decode(part[part.index(after: equals)...], plusAsSpace: true),
                    raw: part))
            } else {
                pairs.append(Pair(key: PercentCoding.decode(part, plusAsSpace: true), value: "", raw: part))
            }
        }
    }

    /// The last value given for `key`.
    subscript(key: String) -> String? {
        pairs.last(where: { $0.key == key })?.value
    }

    /// The `filter[...]` parameters, as (name inside the brackets, value).
    var filters: [(String, String)] {
        pairs.compactMap { pair in
            guard pair.key.hasPrefix("filter["), pair.key.hasSuffix("]") else { return nil }
            return (String(pair.key.dropFirst(7).dropLast()), pair.value)
        }
    }
}
