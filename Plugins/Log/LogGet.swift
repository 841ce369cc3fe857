import ImptPluginAPI
import ImptPluginKit

/// `impt log get`: a Device's historical logs, newest first, page by page.
struct LogGet: Command {
    static let configuration = CommandConfiguration(
        name: "get", summary: "Displays historical logs of a Device.",
        description: "Shows the Device's log entries, newest first, a page at a time: press Enter for the next page, "
            + "Ctrl-C to stop. With --page-number only that page is shown. impCentral keeps a limited number of "
            + "entries per Device, and none of Devices in production Device Groups.",
        examples: "impt log get --device 234776801163a9ee\nimpt log get --page-size 100 --since 2024-05-01T12:00:00Z")

    @Option(
        "device", "d", value: "DEVICE_IDENTIFIER",
        help: "The Device: its id, MAC address, agent id or name. Without it, the only Device of the project's "
            + "Device Group.", fromProject: true)
    var deviceIdentifier: String?
    @Option(
        "page-size", "s", value: "number_of_entries", help: "Entries per page (impCentral serves at most 100).",
        positive: true, default: "20")
    var pageSize: Int
    @Option("page-number", "n", value: "page_number", help: "Shows only this page (1 is the newest).", positive: true)
    var pageNumber: Int?
    @Option(
        "since", value: "ISO_time",
        help: "Shows only entries logged at or after this time, e.g. 2024-05-01T12:00:00Z (UTC when no zone is "
            + "given; a date alone means its midnight).")
    var sinceText: String?

    func run(_ context: Context) throws(PluginFailure) {
        var since: LogTimestamp?
        if let text = sinceText {
            guard let time = LogTimestamp(text) else { throw context.usage("Option \"--since\" has incorrect value \"\(text)\".") }
            since = time
        }
        let device = try context.resolve(IMPT_ENTITY_DEVICE, deviceIdentifier)
        try LogDevices.checkDevice(context, device.data, ref: device.ref)
        if let pageNumber {
            _ = try Self.printPage(context, device: device.id, number: pageNumber, size: pageSize, since: since)
            return
        }
        var number = 1
        while true {
            let finished = try Self.printPage(context, device: device.id, number: number, size: pageSize, since: since)
            context.statusLine(success: true)
            context.info("")
            do {
                try context.waitEnter("Press <Enter> to see more logs or <Ctrl-C> to exit.")
            } catch where error.status == Int32(IMPT_ERR_INTERRUPTED.rawValue) || error.status == Int32(IMPT_ERR_CANCELLED.rawValue) {
                // Ctrl-C, or no more input: the user is done.
                context.clearError()
                return
            }
            if finished {
                context.info("No more logs are available.")
                return
            }
            number += 1
        }
    }

    /// Prints one page: a line per entry in the text modes, the page as a JSON array in json mode.
    /// Returns whether no more entries follow (a short page, or one reaching back before `since`).
    private static func printPage(_ context: Context, device: String, number: Int, size: Int, since: LogTimestamp?)
        throws(PluginFailure) -> Bool
    {
        try context.withScope { () throws(PluginFailure) -> Bool in
            let document = try context.request("GET", LogHistory.path(device), query: LogHistory.query(page: number, size: size))
            guard let data = document?["data"], data.kind == IMPT_VALUE_ARRAY else { throw unexpected(context) }
            var shown: [Value] = []
            var reachedSince = false
            for element in data.elements {
                guard let entry = LogEntry(element) else { throw unexpected(context) }
                if let since, let time = entry.time, time < since {
                    reachedSince = true
                    continue
                }
                shown.append(element)
            }
            if context.outputMode == IMPT_OUTPUT_JSON {
                context.result(.array(shown.map { .value($0) }))
            } else {
                for element in shown {
                    if let entry = LogEntry(element) { context.result(.string(entry.line(withDevice: false))) }
                }
            }
            context.flush()
            return data.count < size || reachedSince
        }
    }

    private static func unexpected(_ context: Context) -> PluginFailure {
        context.unexpectedResponse()
    }
}
