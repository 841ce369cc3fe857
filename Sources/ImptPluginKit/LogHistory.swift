import ImptPluginAPI

/// A device's log history (`GET /devices/<id>/logs`), newest entry first, paged.
public enum LogHistory {
    /// The largest page impCentral serves.
    public static let largestPage = 100

    public static func path(_ deviceID: String) -> String { "/devices/\(deviceID)/logs" }

    public static func query(page: Int, size: Int) -> JSONLiteral {
        ["page[number]": .string(String(page)), "page[size]": .string(String(size))]
    }

    /// A request of one page, for `Context.bulk`.
    public static func pageRequest(_ deviceID: String, page: Int, size: Int) -> JSONLiteral {
        ["method": "GET", "path": .string(path(deviceID)), "query": query(page: page, size: size)]
    }

    /// The entries of a page, newest first; nil when the document is not a page of entries.
    public static func entries(_ document: Value?, deviceID: String?) -> [LogEntry]? {
        guard let data = document?["data"], data.kind == IMPT_VALUE_ARRAY else { return nil }
        var entries: [LogEntry] = []
        for element in data.elements {
            guard let entry = LogEntry(element, deviceID: deviceID) else { return nil }
            entries.append(entry)
        }
        return entries
    }

    /// The failure for a page that is not a page of entries.
    static func unexpected(_ context: Context) -> PluginFailure {
        context.unexpectedResponse()
    }
}
