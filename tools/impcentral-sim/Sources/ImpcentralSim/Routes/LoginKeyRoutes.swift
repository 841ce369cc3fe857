import GRDB
import Hummingbird

/// `/accounts/me/login_keys` and `/accounts/me/refresh_tokens`.
extension API {
    /// Create, update and delete need the account password in `X-Electricimp-Password`.
    private func requirePassword(_ r: APIRequest, _ caller: Caller) throws {
        guard let given = r.header("X-Electricimp-Password"), given == caller.account.password else {
            throw APIError.wrongPassword
        }
    }

    private func loginKeyRow(_ db: Database, id: String, accountID: String) throws -> LoginKeyRow? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM login_keys WHERE id = ? AND account_id = ?", arguments: [id, accountID]
        ).map(LoginKeyRow.init(row:))
    }

    func listLoginKeys(_ r: APIRequest) async throws -> Response {
        let caller = try r.authenticated
        try checkFilters(r, allowed: [])
        let page = try Page(r.query)
        let rows = try await store.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM login_keys WHERE account_id = ? ORDER BY seq" + page.sqlLimit,
                arguments: [caller.id]
            ).map(LoginKeyRow.init(row:))
        }
        let (items, more) = page.split(rows)
        let links = PageLinks(base: encoder.base, path: r.path, query: r.query, page: page, hasNext: more)
        let encoder = self.encoder
        return Responses.document(encoder.collection(items, links: links) { w, k in encoder.loginKey(&w, k) })
    }

    func getLoginKey(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        guard let key = try await store.read({ db in try loginKeyRow(db, id: id, accountID: caller.id) }) else {
            throw APIError.notFound("login key")
        }
        return Responses.document(encoder.single { encoder.loginKey(&$0, key) })
    }

    func createLoginKey(_ r: APIRequest) async throws -> Response {
        let caller = try r.authenticated
        try requirePassword(r, caller)
        let doc = try ResourceDocument.parse(r, types: ["login_key"])
        try doc.checkAttributes(writable: ["description"], readOnly: ["usages", "created_at"], resource: "login_key")
        let description = try doc.string("description", maxLength: 255, nullAsEmpty: true) ?? ""
        let key = try await store.write(stampedBy: env.clock) { db, now -> LoginKeyRow in
            let count = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM login_keys WHERE account_id = ?", arguments: [caller.id]) ?? 0
            guard count < SimEnvironment.maxLoginKeys else { throw APIError.loginKeyLimit }
            var id = Identifiers.loginKey()
            while try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM login_keys WHERE id = ?)", arguments: [id]) == true {
                id = Identifiers.loginKey()
            }
            try db.execute(
                sql: """
                    INSERT INTO login_keys (id, account_id, description, usages, created_at, updated_at) \
                    VALUES (?, ?, ?, 0, ?, ?)
                    """,
                arguments: [id, caller.id, description, now, now])
            return try loginKeyRow(db, id: id, accountID: caller.id)!
        }
        return Responses.created(encoder.single { encoder.loginKey(&$0, key) })
    }

    func updateLoginKey(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        try requirePassword(r, caller)
        let doc = try ResourceDocument.parse(r, types: ["login_key"], pathID: id)
        try doc.checkAttributes(writable: ["description"], readOnly: ["usages", "created_at"], resource: "login_key")
        let description = try doc.string("description", maxLength: 255, nullAsEmpty: true)
        let key = try await store.write(stampedBy: env.clock) { db, now -> LoginKeyRow in
            guard try loginKeyRow(db, id: id, accountID: caller.id) != nil else { throw APIError.notFound("login key") }
            if let description {
                try db.execute(
                    sql: "UPDATE login_keys SET description = ?, updated_at = ? WHERE id = ?",
                    arguments: [description, now, id])
            }
            return try loginKeyRow(db, id: id, accountID: caller.id)!
        }
        return Responses.document(encoder.single { encoder.loginKey(&$0, key) })
    }

    func deleteLoginKey(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        try requirePassword(r, caller)
        try await store.write { db in
            try db.execute(sql: "DELETE FROM login_keys WHERE id = ? AND account_id = ?", arguments: [id, caller.id])
            guard db.changesCount == 1 else { throw APIError.notFound("login key") }
        }
        return Responses.noContent
    }

    func listRefreshTokens(_ r: APIRequest) async throws -> Response {
        let caller = try r.authenticated
        try checkFilters(r, allowed: [])
        let page = try Page(r.query)
        let rows = try await store.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM refresh_tokens WHERE account_id = ? ORDER BY seq" + page.sqlLimit,
                arguments: [caller.id]
            ).map(RefreshTokenRow.init(row:))
        }
        let (items, more) = page.split(rows)
        let links = PageLinks(base: encoder.base, path: r.path, query: r.query, page: page, hasNext: more)
        let encoder = self.encoder
        return Responses.document(
            encoder.collection(items, links: links) { w, t in encoder.refreshToken(&w, t, accountID: caller.id) })
    }

    /// Deletes by refresh-token id or by the token value itself. Issued access tokens stay valid.
    func deleteRefreshToken(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        try await store.write { db in
            try db.execute(
                sql: "DELETE FROM refresh_tokens WHERE (id = ? OR token = ?) AND account_id = ?",
                arguments: [id, id, caller.id])
            guard db.changesCount >= 1 else { throw APIError.notFound("refresh token") }
        }
        return Responses.noContent
    }
}
