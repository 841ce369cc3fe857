/// Where a long list is: which slice a page shows and links to the neighbouring slices.
struct ConsolePager: Sendable {
    /// Rows per page of the device lists: a page with 1,000 devices stays quick to make and to read.
    static let pageSize = 200

    var page: Int
    var total: Int
    /// Number of the first and last row shown (from 1), for "201–400 of 1000".
    var first: Int
    var last: Int
    var previous: Int?
    var next: Int?

    init(page: Int, total: Int) {
        let pages = max(1, (total + Self.pageSize - 1) / Self.pageSize)
        self.page = min(max(1, page), pages)
        self.total = total
        first = total == 0 ? 0 : (self.page - 1) * Self.pageSize + 1
        last = min(total, self.page * Self.pageSize)
        previous = self.page > 1 ? self.page - 1 : nil
        next = self.page < pages ? self.page + 1 : nil
    }

    /// SQL `LIMIT ... OFFSET ...` for the page.
    var sqlLimit: String { " LIMIT \(Self.pageSize) OFFSET \((page - 1) * Self.pageSize)" }

    /// The page number asked for with `?page=N` (1 when absent or not a number).
    static func requestedPage(_ query: QueryParameters) -> Int {
        query["page"].flatMap { Int($0) } ?? 1
    }
}
