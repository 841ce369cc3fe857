/// `page[number]` / `page[size]` handling and collection `links`.
struct Page: Sendable {
    static let defaultSize = 20
    static let maxSize = 100

    var number: Int
    var size: Int

    var offset: Int { (number - 1) * size }

    /// Reads and validates the paging parameters (1-based number, size 1...100).
    init(_ query: QueryParameters) throws(APIError) {
        number = 1
        size = Page.defaultSize
        if let text = query["page[number]"] {
            guard let value = Int(text), value >= 1 else {
                throw APIError.invalidQuery("page[number] must be a positive integer; got '\(text)'.")
            }
            number = value
        }
        if let text = query["page[size]"] {
            guard let value = Int(text), value >= 1, value <= Page.maxSize else {
                throw APIError.invalidQuery("page[size] must be an integer from 1 to \(Page.maxSize); got '\(text)'.")
            }
            size = value
        }
        // Guard against offsets that overflow SQLite integers.
        if number > 10_000_000 {
            throw APIError.invalidQuery("page[number] is too large.")
        }
    }

    /// Splits a fetched `size + 1` rows into this page's rows and whether another page exists.
    func split<T>(_ rows: [T]) -> (ArraySlice<T>, Bool) {
        if rows.count > size { return (rows[0..<size], true) }
        return (rows[...], false)
    }

    /// `LIMIT ? OFFSET ?` fetching one extra row to detect a next page.
    var sqlLimit: String { " LIMIT \(size + 1) OFFSET \(offset)" }
}

/// The `links` object of a collection: `self`, `first`, and `next` only while another page exists.
struct PageLinks: Sendable {
    var selfURL: String
    var firstURL: String
    var nextURL: String?

    /// Builds the links for `base + path` keeping the other query parameters in their given form.
    init(base: String, path: String, query: QueryParameters, page: Page, hasNext: Bool) {
        let others = query.pairs.filter { $0.key != "page[number]" && $0.key != "page[size]" }.map { String($0.raw) }
        func url(_ number: Int) -> String {
            let parts = others + ["page[number]=\(number)", "page[size]=\(page.size)"]
            return base + path + "?" + parts.joined(separator: "&")
        }
        selfURL = url(page.number)
        firstURL = url(1)
        nextURL = hasNext ? url(page.number + 1) : nil
    }

    func write(_ w: inout JSONWriter) {
        w.raw("{\"self\":")
        w.string(selfURL)
        w.raw(",\"first\":")
        w.string(firstURL)
        if let nextURL {
            w.raw(",\"next\":")
            w.string(nextURL)
        }
        w.byte(UInt8(ascii: "}"))
    }
}
