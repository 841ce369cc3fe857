/// Renders results as the original impt's indented text tree.
///
/// - An object prints one line per member in order: `key: ` then, for scalars, padding up to the
///   longest key of that object and the value; nested objects and arrays go on the following
///   lines two spaces deeper.
/// - Arrays of scalars print inline, joined with `, ` (`,` in minimal mode).
/// - Strings with line breaks print as a `"""` block; strings over 512 characters are cut.
/// - Arrays of objects print each element at the depth of a child, without markers.
/// - Control characters in keys and strings are shown escaped (`VisibleText`).
public struct TreeRenderer {
    public static let maxStringLength = 512

    public var colors: Bool
    public var minimal: Bool
    /// Shorten arrays to five elements followed by `And <n> more <Type>(s).` (info-level prints).
    public var truncateArrays = false

    public init(colors: Bool, minimal: Bool, truncateArrays: Bool = false) {
        self.colors = colors
        self.minimal = minimal
        self.truncateArrays = truncateArrays
    }

    /// The lines of a top-level result.
    public func render(_ value: JSON) -> [String] {
        var lines: [String] = []
        switch Self.preformat(value, forJSON: false) {
        case .array(let elements):
            renderElements(elements, indent: 0, into: &lines)
        case .object(let object):
            renderObject(object, indent: 0, into: &lines)
        case .string(let text) where text.utf8.contains(Self.newline):
            lines.append("\"\"\"")
            for line in Self.lines(of: text) { lines.append("  " + line) }
            lines.append("\"\"\"")
        case let scalar:
            let text = Self.displayText(scalar)
            if !text.isEmpty { lines.append(text) }
        }
        return lines
    }

    /// Applies the original's value formatting: null and empty arrays become empty strings, and in
    /// text modes long strings are cut to 512 characters followed by a `...` line.
    public static func preformat(_ value: JSON, forJSON: Bool) -> JSON {
        switch value {
        case .null:
            return .string("")
        case .string(let text) where !forJSON && text.utf16.count > maxStringLength:
            // Lengths are counted in UTF-16 units, like the original's JavaScript strings.
            var cut = String.UnicodeScalarView()
            var units = 0
            for scalar in text.unicodeScalars {
                units += scalar.utf16.count
                if units > maxStringLength { break }
                cut.append(scalar)
            }
            return .string(String(cut) + "\n...")
        case .array(let elements):
            return elements.isEmpty ? .string("") : .array(elements.map { preformat($0, forJSON: forJSON) })
        case .object(let object):
            var result = JSONObject()
            for (key, member) in object { result[key] = preformat(member, forJSON: forJSON) }
            return .object(result)
        default:
            return value
        }
    }

    private func renderObject(_ object: JSONObject, indent: Int, into lines: inout [String]) {
        let keys = object.keys.map { VisibleText.escaped($0, keepingLineFeeds: false) }
        let width = keys.map(\.utf16.count).max() ?? 0
        let pad = String(repeating: " ", count: indent)
        for (position, (_, value)) in object.enumerated() {
            let key = keys[position]
            let label = keyLabel(key)
            switch value {
            case .object(let child):
                lines.append(pad + label)
                renderObject(child, indent: indent + 2, into: &lines)
            case .array(let elements) where !(elements.first?.isScalar ?? true):
                lines.append(pad + label)
                renderElements(elements, indent: indent + 2, into: &lines)
            case .array(let elements):
                let joined = elements.map(Self.displayText).joined(separator: minimal ? "," : ", ")
                lines.append(pad + label + String(repeating: " ", count: width - key.utf16.count) + joined)
            case .string(let text) where text.utf8.contains(Self.newline):
                lines.append(pad + label)
                lines.append(pad + "  \"\"\"")
                for line in Self.lines(of: text) {
                    lines.append(pad + "    " + line)
                }
                lines.append(pad + "  \"\"\"")
            default:
                lines.append(pad + label + String(repeating: " ", count: width - key.utf16.count) + Self.displayText(value))
            }
        }
    }

    private func renderElements(_ elements: [JSON], indent: Int, into lines: inout [String]) {
        let shown = truncateArrays ? Array(elements.prefix(5)) : elements
        for element in shown {
            switch element {
            case .object(let object): renderObject(object, indent: indent, into: &lines)
            case .array(let inner): renderElements(inner, indent: indent, into: &lines)
            default: lines.append(String(repeating: " ", count: indent) + Self.displayText(element))
            }
        }
        if shown.count < elements.count {
            let type = elements.first?.objectValue?.keys.first.map { VisibleText.escaped($0, keepingLineFeeds: false) } ?? "item"
            lines.append(String(repeating: " ", count: indent) + "And \(elements.count - shown.count) more \(type)(s).")
        }
    }

    /// `key: `, green in colour mode (red for entities that no longer exist).
    private func keyLabel(_ key: String) -> String {
        guard colors else { return "\(key): " }
        let colour = key.hasPrefix("Corrupted ") ? "31" : "32"
        return "\u{1B}[\(colour)m\(key): \u{1B}[39m"
    }

    static let newline = UInt8(ascii: "\n")

    /// The lines of a text, split at line feeds only, control characters escaped.
    static func lines(of text: String) -> [String] {
        text.utf8.split(separator: newline, omittingEmptySubsequences: false).map {
            VisibleText.escaped(String(decoding: $0, as: UTF8.self), keepingLineFeeds: false)
        }
    }

    /// A scalar as shown in the text modes: `scalarText` with control characters escaped.
    static func displayText(_ value: JSON) -> String {
        VisibleText.escaped(scalarText(value), keepingLineFeeds: false)
    }

    /// A scalar as plain text (also used to build query strings).
    static func scalarText(_ value: JSON) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return JSONWriter.formatNumber(d)
        case .string(let s): return s
        case .array(let a): return a.map(scalarText).joined(separator: ",")
        case .object: return "[object Object]"
        }
    }
}
