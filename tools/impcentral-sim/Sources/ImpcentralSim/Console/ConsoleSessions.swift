import Synchronization

/// The console's sessions, in memory (a restart logs every browser out).
///
/// A browser gets an anonymous session when it first asks for the login page (so that the login
/// form carries a CSRF token too) and a new one, under a new id, when it logs in. At most
/// `capacity` sessions are kept; beyond that the oldest are forgotten.
final class ConsoleSessions: Sendable {
    private struct State {
        var sessions: [String: ConsoleSession] = [:]
        var counter = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func session(_ id: String) -> ConsoleSession? {
        state.withLock { $0.sessions[id] }
    }

    /// A new anonymous session.
    func startAnonymous() -> ConsoleSession {
        insert(accessToken: nil)
    }

    /// Replaces `previous` (if any) by a logged-in session with a fresh id and CSRF token.
    func logIn(replacing previous: String?, accessToken: String) -> ConsoleSession {
        if let previous { end(previous) }
        return insert(accessToken: accessToken)
    }

    func end(_ id: String) {
        state.withLock { _ = $0.sessions.removeValue(forKey: id) }
    }

    private func insert(accessToken: String?) -> ConsoleSession {
        state.withLock { s in
            s.counter += 1
            let session = ConsoleSession(
                id: Identifiers.secret(), csrfToken: Identifiers.secret(), accessToken: accessToken, order: s.counter)
            s.sessions[session.id] = session
            if s.sessions.count > capacity {
                let oldest = s.sessions.values.sorted { $0.order < $1.order }.prefix(s.sessions.count - capacity)
                for old in oldest { s.sessions.removeValue(forKey: old.id) }
            }
            return session
        }
    }
}
