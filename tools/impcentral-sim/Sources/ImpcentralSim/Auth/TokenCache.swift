import Synchronization

/// In-memory map of access tokens and callers, in front of the `access_tokens` table.
///
/// Access tokens are never revoked (the API has no endpoint for it), so a cached entry only
/// needs its expiry checked on each use.
final class TokenCache: Sendable {
    struct Entry: Sendable {
        var accountID: String
        var expiresAt: Int64
    }

    private let tokens = Mutex<[String: Entry]>([:])
    private let callers = Mutex<[String: Caller]>([:])

    func token(_ token: String) -> Entry? {
        tokens.withLock { $0[token] }
    }

    func remember(_ token: String, _ entry: Entry) {
        tokens.withLock { map in
            if map.count > 200_000 { map.removeAll() }
            map[token] = entry
        }
    }

    func caller(_ accountID: String) -> Caller? {
        callers.withLock { $0[accountID] }
    }

    func remember(caller: Caller) {
        callers.withLock { $0[caller.id] = caller }
    }

    /// Forget callers (accounts or collaborations changed).
    func invalidateCallers() {
        callers.withLock { $0.removeAll() }
    }
}
