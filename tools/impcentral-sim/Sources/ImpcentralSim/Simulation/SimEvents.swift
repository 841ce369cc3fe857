import Synchronization

/// Something that happened in the simulator that a test may wait for, instead of sleeping.
public struct SimEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A device came up after a restart and printed its status lines.
        case deviceBooted = "device_booted"
        /// Log entries were written for a device (`count` of them).
        case logsWritten = "logs_written"
        /// A webhook delivery was attempted (`status`: the HTTP status, 0 for none).
        case webhookDelivered = "webhook_delivered"
        /// An API request was answered (`subject`: method and path without the query, such as
        /// `GET /v5/accounts/me`; `status`: the HTTP status).
        case requestServed = "request_served"
    }

    /// Increasing number, for waiting for events after a known point.
    public let sequence: Int
    public let kind: Kind
    /// The device, webhook or request the event is about.
    public let subject: String
    public let count: Int
    public let status: Int
}

/// The simulator's recent events (a bounded history) and the waits on them.
public final class SimEvents: Sendable {
    /// Events kept for late waiters.
    static let history = 10_000

    private struct Waiter {
        let id: Int
        let matches: @Sendable (SimEvent) -> Bool
        let continuation: CheckedContinuation<SimEvent?, Never>
    }

    private struct State {
        var events: [SimEvent] = []
        var nextSequence = 1
        var waiters: [Waiter] = []
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    private let tasks: SimTasks

    public init() {
        tasks = .pool
    }

    init(tasks: SimTasks) {
        self.tasks = tasks
    }

    /// The sequence number the next event will get.
    public var nextSequence: Int { state.withLock { $0.nextSequence } }

    func post(_ kind: SimEvent.Kind, subject: String, count: Int = 1, status: Int = 0) {
        let (event, ready) = state.withLock { state -> (SimEvent, [Waiter]) in
            let event = SimEvent(sequence: state.nextSequence, kind: kind, subject: subject, count: count, status: status)
            state.nextSequence += 1
            state.events.append(event)
            // Trimmed in steps of a tenth, so that a busy server does not move the whole history
            // on every event.
            if state.events.count > Self.history + Self.history / 10 {
                state.events.removeFirst(state.events.count - Self.history)
            }
            let ready = state.waiters.filter { $0.matches(event) }
            state.waiters.removeAll { waiter in ready.contains { $0.id == waiter.id } }
            return (event, ready)
        }
        for waiter in ready { waiter.continuation.resume(returning: event) }
    }

    /// The first event with sequence number `after` or later that matches, waiting at most
    /// `timeoutMilliseconds` of real time for it; nil when none came.
    public func first(
        after sequence: Int = 0, timeoutMilliseconds: Int64, where matches: @escaping @Sendable (SimEvent) -> Bool
    ) async -> SimEvent? {
        let found = await withCheckedContinuation { (continuation: CheckedContinuation<SimEvent?, Never>) in
            let id: Int? = state.withLock { state in
                if let event = state.events.first(where: { $0.sequence >= sequence && matches($0) }) {
                    continuation.resume(returning: event)
                    return nil
                }
                state.nextWaiter += 1
                let id = state.nextWaiter
                state.waiters.append(Waiter(id: id, matches: { $0.sequence >= sequence && matches($0) }, continuation: continuation))
                return id
            }
            guard let id else { return }
            tasks.start { [weak self] in
                try? await Task.sleep(for: .milliseconds(timeoutMilliseconds))
                self?.expire(id)
            }
        }
        return found
    }

    private func expire(_ id: Int) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(returning: nil)
    }
}
