import Synchronization

/// Per-account request limiting over one-second windows (`--rate-limit N`).
final class RateLimiter: Sendable {
    struct Decision: Sendable {
        var allowed: Bool
        var limit: Int
        var remaining: Int
        /// Seconds until the window resets.
        var reset: Int
    }

    private struct Window {
        var second: Int64
        var count: Int
    }

    let limit: Int
    private let windows = Mutex<[String: Window]>([:])

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts one request of `accountID` at `nowMs` and says whether it may proceed.
    func take(_ accountID: String, nowMs: Int64) -> Decision {
        let second = nowMs / 1000
        let count: Int = windows.withLock { map in
            var window = map[accountID] ?? Window(second: second, count: 0)
            if window.second != second { window = Window(second: second, count: 0) }
            window.count += 1
            map[accountID] = window
            return window.count
        }
        return Decision(allowed: count <= limit, limit: limit, remaining: max(0, limit - count), reset: 1)
    }
}
