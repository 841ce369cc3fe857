import Synchronization

/// The simulator's time, in milliseconds since the Unix epoch: the wall clock, or a clock a test
/// controls. A test can freeze it (simulated time stands still), advance it by any amount (time
/// jumps, and everything waiting for that moment runs: device boots, periodic log lines, token
/// expiry, rate-limit windows) and resume it. Through the library (`SimServer.clock`) or the
/// admin endpoint `POST /_sim/clock`.
public final class SimClock: Sendable {
    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        /// Added to the wall clock while running.
        var offset: Int64 = 0
        /// The simulated time while frozen.
        var frozenAt: Int64?
        var waiters: [Waiter] = []
        var nextID = 0
    }

    private let state = Mutex(State())

    private let tasks: SimTasks

    public init() {
        tasks = .pool
    }

    init(tasks: SimTasks) {
        self.tasks = tasks
    }

    /// The simulated time.
    public func now() -> Int64 {
        state.withLock { $0.frozenAt ?? Timestamps.wallMilliseconds() + $0.offset }
    }

    public var isFrozen: Bool { state.withLock { $0.frozenAt != nil } }

    /// Stops simulated time where it is.
    public func freeze() {
        state.withLock { state in
            if state.frozenAt == nil { state.frozenAt = Timestamps.wallMilliseconds() + state.offset }
        }
        wakeAll()
    }

    /// Lets simulated time run again from where it stands.
    public func resume() {
        state.withLock { state in
            if let frozen = state.frozenAt {
                state.offset = frozen - Timestamps.wallMilliseconds()
                state.frozenAt = nil
            }
        }
        wakeAll()
    }

    /// Moves simulated time forward (frozen or not); whatever waits for a moment now passed runs.
    public func advance(milliseconds: Int64) {
        guard milliseconds > 0 else { return }
        state.withLock { state in
            if let frozen = state.frozenAt {
                state.frozenAt = frozen + milliseconds
            } else {
                state.offset += milliseconds
            }
        }
        wakeAll()
    }

    /// Waits until `milliseconds` of simulated time have passed: that long in real time while the
    /// clock runs, or until the clock is advanced past the moment while it is frozen.
    public func sleep(milliseconds: Int64) async throws {
        let deadline = now() + max(0, milliseconds)
        while true {
            try Task.checkCancellation()
            let remaining = deadline - now()
            if remaining <= 0 { return }
            let frozen = isFrozen
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let id = state.withLock { state -> Int in
                        state.nextID += 1
                        state.waiters.append(Waiter(id: state.nextID, continuation: continuation))
                        return state.nextID
                    }
                    if !frozen {
                        // While running, real time also ends the wait.
                        tasks.start { [weak self] in
                            try? await Task.sleep(for: .milliseconds(remaining))
                            self?.wake(id)
                        }
                    }
                }
            } onCancel: {
                wakeAll()
            }
        }
    }

    private func wake(_ id: Int) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume()
    }

    /// Lets every waiter look at the clock again.
    private func wakeAll() {
        let waiters = state.withLock { state -> [Waiter] in
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume() }
    }
}
