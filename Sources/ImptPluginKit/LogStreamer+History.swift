import ImptPluginAPI

/// Where the devices' logs stand when the first stream opens, and what a reopened stream missed.
extension LogStreamer {
    /// Reads the newest entries of each device's history, so that after a drop impt knows where
    /// the device stood even if it logged nothing in between. False when the stream is to be
    /// reopened.
    func readStartingPoints() throws(PluginFailure) -> Bool {
        let requests = streamed.map { LogHistory.pageRequest($0, page: 1, size: LogHistory.largestPage) }
        guard let results = try stopped(by: send(requests, fatal: true)) else { return false }
        for (device, result) in zip(streamed, results) {
            guard let entries = LogHistory.entries(result.body, deviceID: device) else { throw LogHistory.unexpected(context) }
            // The newest time and every entry of it, oldest first.
            guard let newest = entries.first?.time else { continue }
            var cursor = LogCursor()
            for entry in entries.prefix(while: { $0.time == newest }).reversed() {
                cursor.know(time: newest, text: entry.ts, key: LogCursor.key(type: entry.type, message: entry.msg))
            }
            cursors[device] = cursor
        }
        return true
    }

    /// After a drop: reads each device's history back to the last entry shown (at most
    /// `maxGapPages` pages), shows the entries the stream missed, oldest first, and marks a gap
    /// where the history does not reach back that far. False when the stream is to be reopened.
    func fillGaps() throws(PluginFailure) -> Bool {
        var missed: [String: [LogEntry]] = [:]  // newest first
        var complete: [String: Bool] = [:]
        var pending = streamed
        var page = 1
        while !pending.isEmpty && page <= Self.maxGapPages {
            let requests = pending.map { LogHistory.pageRequest($0, page: page, size: LogHistory.largestPage) }
            guard let results = try stopped(by: send(requests, fatal: false)) else { return false }
            var unfinished: [String] = []
            for (device, result) in zip(pending, results) {
                guard let entries = LogHistory.entries(result.body, deviceID: device) else {
                    throw LogHistory.unexpected(context)
                }
                let cursor = cursors[device] ?? LogCursor()
                var reachedOlder = false
                for entry in entries {
                    if let newest = cursor.newest, let time = entry.time, time < newest {
                        reachedOlder = true
                        break
                    }
                    missed[device, default: []].append(entry)
                }
                if reachedOlder {
                    complete[device] = true
                } else if entries.count < LogHistory.largestPage {
                    // The history ended: complete if it still holds the last entries shown.
                    let keys = (missed[device] ?? []).filter { $0.time == cursor.newest }
                        .map { LogCursor.key(type: $0.type, message: $0.msg) }
                    complete[device] = cursor.newest == nil || cursor.covers(keys)
                } else {
                    unfinished.append(device)
                }
            }
            pending = unfinished
            page += 1
        }
        for device in streamed {
            var cursor = cursors[device] ?? LogCursor()
            cursor.startPass()
            if complete[device] != true { printer.gap(device: device, after: cursor.newestText) }
            for entry in (missed[device] ?? []).reversed() {
                if cursor.admit(time: entry.time, text: entry.ts, key: LogCursor.key(type: entry.type, message: entry.msg)) {
                    try context.withScope { () throws(PluginFailure) in printer.entry(entry, raw: nil) }
                }
            }
            cursor.startPass()  // the new stream may repeat what the history showed
            cursors[device] = cursor
        }
        return true
    }
}
