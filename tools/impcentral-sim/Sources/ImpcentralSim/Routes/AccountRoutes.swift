import GRDB
import Hummingbird

/// `/accounts`, `/accounts/{id|me}`.
extension API {
    func listAccounts(_ r: APIRequest) async throws -> Response {
        let caller = try r.authenticated
        try checkFilters(r, allowed: [])
        let page = try Page(r.query)
        let encoder = self.encoder
        return try await cachedList(r) {
            let rows = try await store.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT \(AccountRow.columns) FROM accounts WHERE id IN (\(caller.placeholders)) "
                        + "ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END, seq" + page.sqlLimit,
                    arguments: caller.ownerArguments + [caller.id]
                ).map(AccountRow.init(row:))
            }
            let (items, more) = page.split(rows)
            let links = PageLinks(base: encoder.base, path: r.path, query: r.query, page: page, hasNext: more)
            return encoder.collection(items, links: links) { w, a in encoder.account(&w, a) }
        }
    }

    func getAccount(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        let accountID = id == "me" ? caller.id : id
        let account = try await store.read { db -> AccountRow? in
            // Visible: yourself, owners you collaborate with, and collaborators on your account.
            let related = try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM collaborators WHERE \
                    (owner_id = ? AND collaborator_id = ?) OR (owner_id = ? AND collaborator_id = ?))
                    """,
                arguments: [accountID, caller.id, caller.id, accountID]) ?? false
            guard accountID == caller.id || related else { return nil }
            return try Row.fetchOne(
                db, sql: "SELECT \(AccountRow.columns) FROM accounts WHERE id = ?", arguments: [accountID]
            ).map(AccountRow.init(row:))
        }
        guard let account else { throw APIError.notFound("account") }
        return Responses.document(encoder.single { encoder.account(&$0, account) })
    }
}
