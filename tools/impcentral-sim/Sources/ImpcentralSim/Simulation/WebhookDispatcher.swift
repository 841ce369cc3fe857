import AsyncHTTPClient
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import Synchronization

/// Delivers webhook events by really POSTing them, to loopback addresses only (`WebhookTarget`).
///
/// Deliveries run in the background after the triggering request has been answered; each
/// attempt (HTTP status or error text) is recorded in `webhook_deliveries`. One HTTP client
/// serves every delivery; it never follows a redirect (which could lead off this machine).
final class WebhookDispatcher: Sendable {
    let store: Store
    /// Seconds one delivery may take, from connecting to reading the answer.
    let timeout: Double
    private let inFlight = Mutex<[Int: Task<Void, Never>]>([:])
    private let counter = Atomic<Int>(0)
    private let client = Mutex<ClientState>(.notStarted)

    /// At most this much of a target's answer is read: only its status matters.
    static let answerReadLimit = 64 * 1024

    /// The HTTP client is made at the first delivery, so that a simulator which never delivers
    /// (or never starts) has no client to shut down; `drain()` shuts it down for good.
    private enum ClientState {
        case notStarted
        case running(HTTPClient)
        case shutDown
    }

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
            // Started while the map is locked: a delivery that ends at once still finds its own
            // entry to remove (removing first and adding after would leave a finished task in
            // the map for `drain` to wait on forever).
            inFlight.withLock { map in
                map[key] = tasks.start { [self] in
                    await self.deliver(delivery)
                    _ = self.inFlight.withLock { $0.removeValue(forKey: key) }
                }
            }
        }
    }

    /// Waits for pending deliveries (used at shutdown, bounded by the per-request timeout), then
    /// shuts the HTTP client down; later deliveries are recorded as not attempted.
    func drain() async {
        while true {
            // Each delivery removes itself from the map when it ends.
            let pending = inFlight.withLock { Array($0.values) }
            if pending.isEmpty { break }
            for task in pending { await task.value }
        }
        let running = client.withLock { state -> HTTPClient? in
            defer { state = .shutDown }
            if case .running(let client) = state { return client }
            return nil
        }
        try? await running?.shutdown()
    }

    /// The shared client, made on first use; nil once the dispatcher has been drained.
    private func httpClient() -> HTTPClient? {
        client.withLock { state in
            switch state {
            case .running(let client):
                return client
            case .shutDown:
                return nil
            case .notStarted:
                var configuration = HTTPClient.Configuration()
                configuration.redirectConfiguration = .disallow
                // A refused connection is an answer: fail at once instead of retrying until the timeout.
                configuration.connectionPool.retryConnectionEstablishment = false
                let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
                state = .running(client)
                return client
            }
        }
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
        let (status, errorText) = await attempt(delivery, body: body)
        let payloadText = String(decoding: body, as: UTF8.self)
        let attemptedAt = time.now()
        _ = try? await store.writeQuietly { db in
            try db.execute(
                sql: """
                    INSERT INTO webhook_deliveries (webhook_id, event, url, attempted_at, status, error, payload) \
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    delivery.webhookID, delivery.event, delivery.url, attemptedAt, status, errorText,
                    payloadText,
                ])
        }
        events.post(.webhookDelivered, subject: delivery.webhookID, status: status ?? 0)
    }

    /// POSTs one delivery: the target's HTTP status, and an error text unless it is 2xx.
    private func attempt(_ delivery: Delivery, body: [UInt8]) async -> (status: Int?, error: String?) {
        let target: WebhookTarget
        do {
            target = try WebhookTarget(delivery.url)
        } catch {
            return (nil, error.message)
        }
        guard let client = httpClient() else { return (nil, "not attempted: the simulator is stopping") }
        var request = HTTPClientRequest(url: target.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: delivery.contentType)
        request.headers.add(name: "User-Agent", value: "impcentral-sim")
        request.headers.add(name: "X-Electricimp-Event", value: delivery.event)
        request.body = .bytes(ByteBuffer(bytes: body))
        // One deadline for the whole exchange: the client's bounds the wait for the answer's head,
        // and the body is read until the same moment.
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
        } catch {
            return (nil, Self.describe(error, target: target))
        }
        let status = Int(response.status.code)
        await Self.skim(response.body, until: deadline)
        return (status, (200..<300).contains(status) ? nil : "HTTP \(status)")
    }

    /// Reads at most `answerReadLimit` bytes of an answer, until `deadline` at the latest, and
    /// drops the rest (which ends the exchange). The status has arrived already: a body that
    /// breaks off or is slow changes nothing.
    private static func skim(_ body: HTTPClientResponse.Body, until deadline: ContinuousClock.Instant) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var read = 0
                do {
                    for try await part in body {
                        read += part.readableBytes
                        if read >= answerReadLimit { break }
                    }
                } catch {}
            }
            group.addTask { try? await Task.sleep(until: deadline) }
            await group.next()
            group.cancelAll()
        }
    }

    /// The error text recorded for a delivery that got no answer.
    private static func describe(_ error: any Error, target: WebhookTarget) -> String {
        if let error = error as? HTTPClientError,
            [.deadlineExceeded, .connectTimeout, .readTimeout].contains(error)
        {
            return "timed out"
        }
        if let error = error as? IOError {
            let reason = String(cString: strerror(error.errnoCode))
            switch error.errnoCode {
            case ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL:
                return "connect to \(target.host):\(target.port) failed: \(reason)"
            default:
                return reason
            }
        }
        return "\(error)"
    }
}
