import ImptPluginAPI

/// What streaming commands print. Entries are result items: `[<device_id>] <ts> [<type>] <msg>`
/// lines in the text modes (a multi-line message as a `"""` block), one compact JSON object per
/// line in json mode (JSON Lines), written at once.
struct LogPrinter {
    let context: Context
    let json: Bool

    init(context: Context) {
        self.context = context
        json = context.outputMode == IMPT_OUTPUT_JSON
    }

    /// One entry; `raw` is the object as impCentral sent it, printed as is in json mode.
    func entry(_ entry: LogEntry, raw: Value?) {
        if json {
            if let raw { context.resultItem(raw) } else { context.resultItem(entry.object) }
        } else {
            context.resultItem(.string(entry.line(withDevice: true)))
        }
    }

    /// `Log stream for Device(s) <ids> is opened.` (`Log stream without Devices is opened.` for a
    /// Device Group that has none, as `build run --watch` may stream), the success line and
    /// `Press <Ctrl-C> to exit.`
    func opened(_ devices: [String], named: Int) {
        var shown = devices.prefix(named).joined(separator: ", ")
        if devices.count > named { shown += ", ..." }
        context.info(devices.isEmpty ? "Log stream without Devices is opened." : "Log stream for Device(s) \(shown) is opened.")
        context.statusLine(success: true)
        context.info("")
        context.info("Press <Ctrl-C> to exit.")
        context.flush()
    }

    /// Entries of a device may be missing here: a line in the text modes,
    /// `{"device_id", "gap": true, "after": <ts of the last entry shown or null>}` in json mode.
    func gap(device: String, after: String?) {
        if json {
            context.resultItem(["device_id": .string(device), "gap": true, "after": .optional(after)])
        } else {
            let since = after.map { "after \($0) " } ?? ""
            context.resultItem(
                .string("[\(device)] --- log entries \(since)may be missing here: the device's log history does not reach back far enough ---"))
        }
    }

    /// A device impCentral took out of the stream (a stream holds a limited number of devices).
    func notStreamed(_ device: String) {
        let message = "\(Messages.entity(IMPT_ENTITY_DEVICE, device)) is not streamed: the log stream holds no more Devices."
        if json {
            context.resultItem(["Error": .string(message)])
        } else {
            context.errorLine(message)
            context.flush()
        }
    }
}
