import GRDB

/// The authenticated account of a request and the accounts whose resources it may work with.
struct Caller: Sendable {
    var account: AccountRow
    /// The caller's own id first, then the owners who made the caller a collaborator.
    var visibleOwnerIDs: [String]

    var id: String { account.id }

    func canSee(owner: String) -> Bool { visibleOwnerIDs.contains(owner) }

    /// `?,?,...` for the visible owners, to splice into SQL.
    var placeholders: String {
        Array(repeating: "?", count: visibleOwnerIDs.count).joined(separator: ",")
    }

    var ownerArguments: StatementArguments { StatementArguments(visibleOwnerIDs) }

    /// Loads the caller for an account id.
    static func load(_ db: Database, accountID: String) throws -> Caller? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT \(AccountRow.columns) FROM accounts WHERE id = ?", arguments: [accountID])
        else { return nil }
        let owners = try String.fetchAll(
            db,
            sql: """
                SELECT c.owner_id FROM collaborators c JOIN accounts a ON a.id = c.owner_id \
                WHERE c.collaborator_id = ? ORDER BY a.seq
                """,
            arguments: [accountID])
        return Caller(account: AccountRow(row: row), visibleOwnerIDs: [accountID] + owners.filter { $0 != accountID })
    }
}
