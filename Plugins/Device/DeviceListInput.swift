import ImptPluginAPI
import ImptPluginKit

/// Device identifiers in the text a script feeds to `--device -`: either one identifier per line
/// (blank lines and lines starting with `#` are skipped), or JSON: the array printed by
/// `impt device list -z json` (or by a fleet command in json mode), a single `{"Device": {...}}`
/// object, or an array of identifier strings.
enum DeviceListInput {
    static func identifiers(in bytes: [UInt8], context: Context) throws(PluginFailure) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        let first = text.unicodeScalars.first { !isSpace($0) }
        guard first == "[" || first == "{" else { return lines(of: text) }
        guard let document = context.parseJSON(text) else {
            throw context.fail(
                IMPT_ERR_INVALID_ARGUMENT,
                "Standard input is not valid JSON: give Device identifiers one per line, or the JSON of \"impt device list -z json\".")
        }
        let items = document.kind == IMPT_VALUE_ARRAY ? document.elements : [document]
        var identifiers: [String] = []
        for (index, item) in items.enumerated() {
            let identifier = item.kind == IMPT_VALUE_STRING ? item.string : (item["Device"] ?? item)["id"]?.string
            guard let identifier, !identifier.isEmpty else {
                throw context.fail(
                    IMPT_ERR_INVALID_ARGUMENT, "Item \(index + 1) of the JSON on standard input names no Device (no \"Device\" with an \"id\").")
            }
            identifiers.append(identifier)
        }
        return identifiers
    }

    private static func lines(of text: String) -> [String] {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).compactMap { line in
            let scalars = line.unicodeScalars
            guard let start = scalars.firstIndex(where: { !isSpace($0) }), let end = scalars.lastIndex(where: { !isSpace($0) }) else {
                return nil
            }
            let trimmed = String(scalars[start...end])
            return trimmed.hasPrefix("#") ? nil : trimmed
        }
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }
}
