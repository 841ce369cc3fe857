import GRDB

/// Database operations on access, login and refresh tokens.
enum TokenStore {
    static func lookup(_ db: Database, token: String) throws -> TokenCache.Entry? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT account_id, expires_at FROM access_tokens WHERE token = ?", arguments: [token])
        else { return nil }
        return TokenCache.Entry(accountID: row["account_id"], expiresAt: row["expires_at"])
    }

    /// The token object returned by `/auth` and `/auth/token`.
    struct Issued: Sendable {
        var accessToken: String
        var expiresIn: Int
        var expiresAt: Int64
        var refreshToken: String?

        var document: JSONWriter {
            var w = JSONWriter(capacity: 256)
            w.raw("{\"access_token\":")
            w.string(accessToken)
            w.raw(",\"expires_in\":")
            w.int(expiresIn)
            w.raw(",\"expires_at\":")
            w.timestamp(expiresAt)
            if let refreshToken {
                w.raw(",\"refresh_token\":")
                w.string(refreshToken)
            }
            w.byte(UInt8(ascii: "}"))
            return w
        }
    }

    /// Issues an access token (and optionally a refresh token) for `accountID`.
    static func issue(
        _ db: Database, accountID: String, lifetime: Int, now: Int64, withRefreshToken: Bool
    ) throws -> Issued {
        let access = Identifiers.accessToken()
        let expiresAt = now + Int64(lifetime) * 1000
        try db.execute(
            sql: "INSERT INTO access_tokens (token, account_id, expires_at) VALUES (?, ?, ?)",
            arguments: [access, accountID, expiresAt])
        // Drop long-expired access tokens now and then to keep the table small.
        try db.execute(sql: "DELETE FROM access_tokens WHERE expires_at < ?", arguments: [now - 86_400_000])
        var refresh: String?
        if withRefreshToken {
            let token = Identifiers.refreshToken()
            try db.execute(
                sql: "INSERT INTO refresh_tokens (id, token, account_id, created_at) VALUES (?, ?, ?, ?)",
                arguments: [Identifiers.resourceID(), token, accountID, now])
            refresh = token
        }
        return Issued(accessToken: access, expiresIn: lifetime, expiresAt: expiresAt, refreshToken: refresh)
    }
}
