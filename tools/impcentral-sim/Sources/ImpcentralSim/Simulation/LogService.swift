import GRDB

/// Writes device log entries to history and hands the same entries to live streams.
final class LogService: Sendable {
    /// Entries kept per device; older ones are pruned.
    static let retention = 1000

    let store: Store
    let hub: LogStreamHub
    let time: SimClock
    let events: SimEvents

    init(store: Store, hub: LogStreamHub, time: SimClock, events: SimEvents) {
        self.store = store
        self.hub = hub
        self.time = time
        self.events = events
    }

    /// Appends entries for a device and publishes them.
    /// - Parameter requiringRun: when set, the entries are written only if the device is still
    ///   online and running that deployment (checked inside the write transaction, so output
    ///   stops exactly when a device is unassigned, goes offline or restarts elsewhere).
    /// - Returns: the entries written.
    @discardableResult
    func append(
        deviceID: String, entries: [(type: String, msg: String)], requiringRun deploymentID: String? = nil
    ) async -> [LogEntry] {
        guard !entries.isEmpty else { return [] }
        let sendable = entries.map { LogEntry(ts: 0, type: $0.type, msg: $0.msg) }
        let time = self.time
        let result: ([LogEntry], String)?
        do {
            result = try await store.writeQuietly { db -> ([LogEntry], String)? in
                guard let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT d.online, d.running_deployment_id, g.type AS group_type FROM devices d \
                        LEFT JOIN devicegroups g ON g.id = d.devicegroup_id WHERE d.id = ?
                        """,
                    arguments: [deviceID])
                else { return nil }
                if let deploymentID {
                    let online: Int = row["online"]
                    let running: String? = row["running_deployment_id"]
                    guard online != 0, running == deploymentID else { return nil }
                }
                let groupType: String? = row["group_type"]
                let environment = groupType == DeviceGroupType.production.rawValue ? "production" : "development"
                let now = time.now()
                var written: [LogEntry] = []
                // One compiled statement for the whole batch (a burst writes 1,000 per transaction).
                let insert = try db.cachedStatement(sql: "INSERT INTO logs (device_id, ts, type, msg) VALUES (?, ?, ?, ?)")
                for entry in sendable {
                    try insert.execute(arguments: [deviceID, now, entry.type, entry.msg])
                    written.append(LogEntry(ts: now, type: entry.type, msg: entry.msg))
                }
                try db.execute(
                    sql: """
                        DELETE FROM logs WHERE device_id = ? AND seq <= \
                        (SELECT seq FROM logs WHERE device_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)
                        """,
                    arguments: [deviceID, deviceID, LogService.retention])
                return (written, environment)
            }
        } catch {
            return []
        }
        guard let (written, environment) = result else { return [] }
        events.post(.logsWritten, subject: deviceID, count: written.count)
        if environment == "production" {
            // Devices in production groups are not streamed: one that just moved there leaves
            // the streams that had it.
            hub.forget(deviceID: deviceID)
        } else {
            hub.publish(deviceID: deviceID, environment: environment, entries: written)
        }
        return written
    }

    /// Entries written per transaction by `burst`.
    static let burstBatch = 1000
    /// Chunks a stream may lag behind before `burst` waits for it.
    static let burstBacklog = 16
    /// Longest wait for a lagging stream before `burst` goes on regardless (it then loses the oldest).
    static let burstStallMilliseconds = 30_000

    /// Writes `count` entries `<prefix>1` ... `<prefix><count>` as fast as history and the slowest
    /// stream of the device take them. Returns how many were written (fewer if the device went).
    func burst(deviceID: String, count: Int, type: String, prefix: String) async -> Int {
        var written = 0
        while written < count {
            var waited = 0
            while hub.backlog(deviceID: deviceID) > Self.burstBacklog && waited < Self.burstStallMilliseconds {
                try? await Task.sleep(for: .milliseconds(1))
                waited += 1
            }
            let size = min(Self.burstBatch, count - written)
            let entries = (1...size).map { (type: type, msg: prefix + String(written + $0)) }
            let done = await append(deviceID: deviceID, entries: entries)
            guard done.count == size else { break }
            written += size
        }
        return written
    }
}
