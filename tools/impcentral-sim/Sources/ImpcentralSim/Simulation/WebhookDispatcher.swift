import Dispatch
import GRDB
import Synchronization

/// Delivers webhook events by really POSTing them, to loopback addresses only.
///
/// Deliveries run in the background after the triggering request has been answered; each
/// attempt (HTTP status or error text) is recorded in `webhook_deliveries`.
final class WebhookDispatcher: Sendable {
    let store: Store
    let timeout: Double
    private let inFlight = Mutex<[Int: Task<Void, Never>]>([:])
    private let counter = Atomic<Int>(0)

    let time: SimClock
    let events: SimEvents

    let tasks: SimTasks

    init(store: Store, time: SimClock, events: SimEvents, tasks: SimTasks = .pool, timeout: Double = 3) {
        self.tasks = tasks
        self.store = store
        self.time = time
        self.events = events
        self.timeout = timeout
    }

    /// One event to deliver to one webhook.
    struct Delivery: Sendable {
        var webhookID: String
        var url: String
        var contentType: String
        var event: String
        /// Flat payload fields in order; arrays are sent as JSON arrays or comma-joined.
        var fields: [JSONMember]
    }

    /// Loads the webhooks of `deviceGroupID` for `event` (inside a transaction).
    static func deliveries(
        _ db: Database, deviceGroupID: String, event: String, fields: [JSONMember], now: Int64
    ) throws -> [Delivery] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT id, url, content_type FROM webhooks WHERE devicegroup_id = ? AND event = ? ORDER BY seq",
            arguments: [deviceGroupID, event])
        return rows.map { row in
            let id: String = row["id"]
            var payload = [
                JSONMember("event", .string(event)),
                JSONMember("webhook_id", .string(id)),
                JSONMember("timestamp", .string(Timestamps.iso(now))),
            ]
            payload.append(contentsOf: fields)
            return Delivery(
                webhookID: id, url: row["url"], contentType: row["content_type"], event: event, fields: payload)
        }
    }

    /// Starts delivering in the background.
    func dispatch(_ deliveries: [Delivery]) {
        for delivery in deliveries {
            let key = counter.add(1, ordering: .relaxed).newValue
            let task = tasks.start { [self] in
                await self.deliver(delivery)
                _ = self.inFlight.withLock { $0.removeValue(forKey: key) }
            }
            inFlight.withLock { map in
                map[key] = task
            }
        }
    }

    /// Waits for pending deliveries (used at shutdown, bounded by the per-request timeout).
    func drain() async {
        let tasks = inFlight.withLock { Array($0.values) }
        for task in tasks { await task.value }
    }

    static func body(for delivery: Delivery) -> [UInt8] {
        if delivery.contentType == "application/x-www-form-urlencoded" {
            let parts = delivery.fields.map { member -> String in
                let value: String
                switch member.value {
                case .string(let s): value = s
                case .array(let items): value = items.compactMap(\.stringValue).joined(separator: ",")
                case .null: value = ""
                case .bool(let b): value = b ? "true" : "false"
                case .number(let n): value = n
                case .object: value = member.value.jsonText
                }
                return PercentCoding.formEncode(member.key) + "=" + PercentCoding.formEncode(value)
            }
            return Array(parts.joined(separator: "&").utf8)
        }
        return Array(JSONValue.object(delivery.fields).jsonText.utf8)
    }

    private func deliver(_ delivery: Delivery) async {
        let body = Self.body(for: delivery)
        var status: Int?
        var errorText: String?
        switch LoopbackHTTPClient.loopbackTarget(delivery.url) {
        case .failure(let error):
            errorText = error.message
        case .success(let target):
            do {
                let response = try await LoopbackHTTPClient.request(
                    host: target.host, port: target.port, method: "POST", path: target.pathAndQuery,
                    headers: [
                        ("Content-Type", delivery.contentType),
                        ("User-Agent", "impcentral-sim"),
                        ("X-Electricimp-Event", delivery.event),
                    ],
                    body: body, timeout: timeout)
                status = response.status
                if !(200..<300).contains(response.status) {
                    errorText = "HTTP \(response.status)"
                }
            } catch {
                errorText = "\(error)"
            }
        }
        let payloadText = String(decoding: body, as: UTF8.self)
        let attemptedAt = time.now()
        let finalStatus = status
        let finalError = errorText
        _ = try? await store.writeQuietly { db in
            try db.execute(
                sql: """
                    INSERT INTO webhook_deliveries (webhook_id, event, url, attempted_at, status, error, payload) \
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    delivery.webhookID, delivery.event, delivery.url, attemptedAt, finalStatus, finalError,
                    payloadText,
                ])
        }
        events.post(.webhookDelivered, subject: delivery.webhookID, status: finalStatus ?? 0)
    }
}
