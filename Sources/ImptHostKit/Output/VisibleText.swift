/// Text from impCentral (names, descriptions, error details) made safe for a terminal: control
/// characters are shown as `\u001b`-style escapes instead of being sent raw, so a name such as
/// `\e]0;pwned\a` cannot retitle, recolour or rewrite the user's terminal. The bidirectional
/// embedding, override and isolate characters are escaped too, so a name cannot make the text
/// around it read backwards (`Trojan Source`). Tab is kept, and line feed where the caller lays
/// lines out itself. Used by the text output modes only; json mode escapes through JSON.
public enum VisibleText {
    /// `text` with C0 controls (except tab, and line feed when `keepingLineFeeds`), DEL, C1
    /// controls and the bidirectional controls U+202A–U+202E and U+2066–U+2069 replaced by
    /// `\uXXXX`.
    public static func escaped(_ text: String, keepingLineFeeds: Bool) -> String {
        guard mayNeedEscape(text) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, keepingLineFeeds) else {
                result.append(scalar)
                continue
            }
            let hex = String(scalar.value, radix: 16)
            result.append(contentsOf: "\\u\(String(repeating: "0", count: 4 - hex.count))\(hex)".unicodeScalars)
        }
        return String(result)
    }

    /// A quick byte scan: no byte below 0x20 (other than tab), no DEL, no 0xC2 lead byte (which
    /// starts the C1 controls) and no 0xE2 lead byte (which starts the bidirectional controls)
    /// means nothing to escape.
    private static func mayNeedEscape(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }
    }

    private static func needsEscape(_ scalar: Unicode.Scalar, _ keepingLineFeeds: Bool) -> Bool {
        switch scalar.value {
        case 0x09: return false
        case 0x0A: return !keepingLineFeeds
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
