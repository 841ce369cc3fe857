import GRDB
import Hummingbird

/// `POST /auth` (password and two-factor steps) and `POST /auth/token` (refresh token or login key).
extension API {
    func login(_ r: APIRequest) async throws -> Response {
        let body = try r.json()
        guard body.objectMembers != nil else { throw APIError.invalidDocument("The request body must be a JSON object.") }
        let lifetime = env.options.tokenLifetime
        let now = env.time.now()

        if let loginToken = body["login_token"] {
            // Second step of two-factor authentication.
            guard let token = loginToken.stringValue else {
                throw APIError.invalidDocument("'login_token' must be a string.")
            }
            let otp = r.header("X-Electricimp-OTP-Token") ?? body["password"]?.stringValue ?? body["otp"]?.stringValue
            let issued = try await store.write { db -> TokenStore.Issued in
                guard let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT a.id, a.otp FROM login_tokens t JOIN accounts a ON a.id = t.account_id \
                        WHERE t.token = ? AND t.expires_at > ?
                        """,
                    arguments: [token, now])
                else { throw APIError.badLoginToken }
                let expected: String? = row["otp"]
                guard let otp, let expected, otp == expected else { throw APIError.badOTP }
                try db.execute(sql: "DELETE FROM login_tokens WHERE token = ?", arguments: [token])
                return try TokenStore.issue(db, accountID: row["id"], lifetime: lifetime, now: now, withRefreshToken: true)
            }
            return Responses.plainJSON(issued.document)
        }

        guard let id = body["id"]?.stringValue, let password = body["password"]?.stringValue else {
            throw APIError.invalidDocument("Send {\"id\": <username or email>, \"password\": <password>}.")
        }
        enum Outcome: Sendable {
            case issued(TokenStore.Issued)
            case twoFactor(String)
        }
        let outcome = try await store.write { db -> Outcome in
            let account = try AccountCredentials.verify(db, id: id, password: password)
            if account.otp != nil {
                let token = Identifiers.loginToken()
                try db.execute(
                    sql: "INSERT INTO login_tokens (token, account_id, expires_at) VALUES (?, ?, ?)",
                    arguments: [token, account.id, now + SimEnvironment.loginTokenLifetimeMs])
                try db.execute(sql: "DELETE FROM login_tokens WHERE expires_at < ?", arguments: [now])
                return .twoFactor(token)
            }
            return .issued(
                try TokenStore.issue(db, accountID: account.id, lifetime: lifetime, now: now, withRefreshToken: true))
        }
        switch outcome {
        case .issued(let issued):
            return Responses.plainJSON(issued.document)
        case .twoFactor(let token):
            throw APIError(
                403, "Two-Factor Authentication Required",
                "Send the login_token with the one-time password in the X-Electricimp-OTP-Token header.",
                code: "AX007", meta: .object([JSONMember("login_token", .string(token))]))
        }
    }

    func exchangeToken(_ r: APIRequest) async throws -> Response {
        let body = try r.json()
        guard body.objectMembers != nil else { throw APIError.invalidDocument("The request body must be a JSON object.") }
        let lifetime = env.options.tokenLifetime
        let now = env.time.now()
        if let refresh = body["token"] {
            guard let token = refresh.stringValue else { throw APIError.invalidDocument("'token' must be a string.") }
            let issued = try await store.write { db -> TokenStore.Issued in
                guard let accountID = try String.fetchOne(
                    db, sql: "SELECT account_id FROM refresh_tokens WHERE token = ?", arguments: [token])
                else { throw APIError.notFound("refresh token") }
                try db.execute(sql: "UPDATE refresh_tokens SET last_used_at = ? WHERE token = ?", arguments: [now, token])
                return try TokenStore.issue(db, accountID: accountID, lifetime: lifetime, now: now, withRefreshToken: false)
            }
            return Responses.plainJSON(issued.document)
        }
        if let key = body["key"] {
            guard let keyID = key.stringValue else { throw APIError.invalidDocument("'key' must be a string.") }
            let issued = try await store.write { db -> TokenStore.Issued in
                guard let accountID = try String.fetchOne(
                    db, sql: "SELECT account_id FROM login_keys WHERE id = ?", arguments: [keyID])
                else { throw APIError.notFound("login key") }
                try db.execute(sql: "UPDATE login_keys SET usages = usages + 1 WHERE id = ?", arguments: [keyID])
                return try TokenStore.issue(db, accountID: accountID, lifetime: lifetime, now: now, withRefreshToken: false)
            }
            return Responses.plainJSON(issued.document)
        }
        throw APIError.invalidDocument("Send {\"token\": <refresh token>} or {\"key\": <login key>}.")
    }
}
