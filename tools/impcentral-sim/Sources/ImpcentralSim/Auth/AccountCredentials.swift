import GRDB

/// The simulator's one check of a username (or email) and password, shared by `POST /v5/auth`
/// and the web console's login form.
enum AccountCredentials {
    /// The account whose username or email (any case) is `id` and whose password is `password`.
    /// - Throws: `APIError.badCredentials` for an unknown account or a wrong password.
    static func verify(_ db: Database, id: String, password: String) throws -> AccountRow {
        guard let row = try Row.fetchOne(
            db,
            sql: "SELECT \(AccountRow.columns) FROM accounts WHERE username = ? OR lower(email) = lower(?)",
            arguments: [id, id])
        else { throw APIError.badCredentials }
        let account = AccountRow(row: row)
        guard account.password == password else { throw APIError.badCredentials }
        return account
    }
}
