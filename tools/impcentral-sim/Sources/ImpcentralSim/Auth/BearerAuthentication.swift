import Foundation

/// Who an access token belongs to: the check behind every authenticated `/v5` request, the
/// console's sessions and, off loopback, the admin endpoints.
extension SimEnvironment {
    /// Resolves `Authorization: Bearer <token>` to a caller (memory first, then the database).
    func caller(bearer header: String?) async throws -> Caller {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw APIError.missingToken
        }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        return try await caller(accessToken: token)
    }

    /// Resolves an access token to a caller (memory first, then the database).
    /// - Throws: `invalidToken` for an unknown token, `expiredToken` for an expired one.
    func caller(accessToken token: String) async throws -> Caller {
        var entry = tokens.token(token)
        if entry == nil {
            entry = try await store.read { db in
                try TokenStore.lookup(db, token: token)
            }
            if let entry { tokens.remember(token, entry) }
        }
        guard let entry else { throw APIError.invalidToken }
        if entry.expiresAt <= time.now() { throw APIError.expiredToken }
        if let caller = tokens.caller(entry.accountID) { return caller }
        let accountID = entry.accountID
        guard let caller = try await store.read({ db in try Caller.load(db, accountID: accountID) }) else {
            throw APIError.invalidToken
        }
        tokens.remember(caller: caller)
        return caller
    }
}
