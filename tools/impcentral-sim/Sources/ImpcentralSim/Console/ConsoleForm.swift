/// The fields of an `application/x-www-form-urlencoded` body (what a console form posts).
struct ConsoleForm: Sendable {
    /// Largest form body the console reads.
    static let maxBytes = 64 * 1024

    private var fields: [(name: String, value: String)] = []

    init(body: [UInt8]) {
        let text = String(decoding: body, as: UTF8.self)
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentCoding.decode(parts[0], plusAsSpace: true)
            let value = parts.count > 1 ? PercentCoding.decode(parts[1], plusAsSpace: true) : ""
            fields.append((name, value))
        }
    }

    /// The first value of `name`.
    subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The value of `name`, which must be present and not blank.
    func required(_ name: String, label: String) throws(APIError) -> String {
        guard let value = self[name], !value.allSatisfy(\.isWhitespace) else {
            throw APIError.invalidAttribute("\(label) is required.")
        }
        return value
    }
}
