import GRDB

/// Visibility-checked fetches shared by the handlers. A resource the caller may not see is
/// reported exactly like a missing one (404), and so is a malformed id. The frequent fetches use
/// each connection's cache of prepared statements: a request does not compile their SQL again.
enum Lookups {
    static func product(_ db: Database, _ caller: Caller, _ id: String) throws -> ProductRow {
        guard Identifiers.isResourceID(id), let row = try Row.fetchOne(
            db, sql: "SELECT * FROM products WHERE id = ? AND owner_id IN (\(caller.placeholders))",
            arguments: StatementArguments([id]) + caller.ownerArguments)
        else { throw APIError.notFound("product") }
        return ProductRow(row: row)
    }

    static func deviceGroup(_ db: Database, _ caller: Caller, _ id: String) throws -> DeviceGroupRow {
        guard let group = try deviceGroupIfVisible(db, caller, id) else { throw APIError.notFound("devicegroup") }
        return group
    }

    static func deviceGroupIfVisible(_ db: Database, _ caller: Caller, _ id: String) throws -> DeviceGroupRow? {
        guard Identifiers.isResourceID(id) else { return nil }
        return try Row.fetchOne(
            db.cachedStatement(sql: DeviceGroupRow.select + " WHERE g.id = ? AND g.owner_id IN (\(caller.placeholders))"),
            arguments: StatementArguments([id]) + caller.ownerArguments
        ).map(DeviceGroupRow.init(row:))
    }

    /// A device group by id without visibility checks (internal use).
    static func deviceGroup(_ db: Database, id: String) throws -> DeviceGroupRow? {
        try Row.fetchOne(db.cachedStatement(sql: DeviceGroupRow.select + " WHERE g.id = ?"), arguments: [id])
            .map(DeviceGroupRow.init(row:))
    }

    static func deployment(_ db: Database, _ caller: Caller, _ id: String) throws -> DeploymentRow {
        guard let row = try deploymentIfVisible(db, caller, id) else { throw APIError.notFound("deployment") }
        return row
    }

    static func deploymentIfVisible(_ db: Database, _ caller: Caller, _ id: String) throws -> DeploymentRow? {
        guard Identifiers.isResourceID(id) else { return nil }
        return try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM deployments WHERE id = ? AND owner_id IN (\(caller.placeholders))"),
            arguments: StatementArguments([id]) + caller.ownerArguments
        ).map(DeploymentRow.init(row:))
    }

    /// What deleting a deployment checks, without reading its code (which may be megabytes).
    struct DeploymentStanding {
        var seq: Int64
        var flagged: Bool
        var deviceGroupID: String?
    }

    static func deploymentStanding(_ db: Database, _ caller: Caller, _ id: String) throws -> DeploymentStanding {
        guard Identifiers.isResourceID(id), let row = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT seq, flagged, devicegroup_id FROM deployments WHERE id = ? AND owner_id IN (\(caller.placeholders))"),
            arguments: StatementArguments([id]) + caller.ownerArguments)
        else { throw APIError.notFound("deployment") }
        return DeploymentStanding(seq: row[0], flagged: (row[1] as Int) != 0, deviceGroupID: row[2])
    }

    /// The creation order of a deployment, or nil.
    static func deploymentSeq(_ db: Database, id: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM deployments WHERE id = ?"), arguments: [id])
    }

    static func deployment(_ db: Database, id: String) throws -> DeploymentRow? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM deployments WHERE id = ?"), arguments: [id])
            .map(DeploymentRow.init(row:))
    }

    static func webhook(_ db: Database, _ caller: Caller, _ id: String) throws -> WebhookRow {
        guard Identifiers.isResourceID(id), let row = try Row.fetchOne(
            db, sql: "SELECT * FROM webhooks WHERE id = ? AND owner_id IN (\(caller.placeholders))",
            arguments: StatementArguments([id]) + caller.ownerArguments)
        else { throw APIError.notFound("webhook") }
        return WebhookRow(row: row)
    }

    /// SQL condition (devices alias `d`, groups alias `g`) for devices the caller may see: its
    /// own (or collaborated accounts') devices and devices assigned to visible groups.
    static func deviceVisibility(_ caller: Caller) -> (String, StatementArguments) {
        let p = caller.placeholders
        return ("(d.owner_id IN (\(p)) OR g.owner_id IN (\(p)))", caller.ownerArguments + caller.ownerArguments)
    }

    /// A device by id, MAC address or (only while assigned) agent id.
    static func deviceIfVisible(_ db: Database, _ caller: Caller, _ identifier: String) throws -> DeviceRow? {
        let (visible, visibleArgs) = deviceVisibility(caller)
        if Identifiers.isDeviceID(identifier), let row = try Row.fetchOne(
            db, sql: DeviceRow.select + " WHERE d.id = ? AND \(visible)",
            arguments: StatementArguments([identifier]) + visibleArgs) {
            return DeviceRow(row: row)
        }
        if let mac = Identifiers.normalizedMAC(identifier), let row = try Row.fetchOne(
            db, sql: DeviceRow.select + " WHERE d.mac_address = ? AND \(visible)",
            arguments: StatementArguments([mac]) + visibleArgs) {
            return DeviceRow(row: row)
        }
        if Identifiers.isAgentID(identifier), let row = try Row.fetchOne(
            db, sql: DeviceRow.select + " WHERE d.agent_id = ? AND d.devicegroup_id IS NOT NULL AND \(visible)",
            arguments: StatementArguments([identifier]) + visibleArgs) {
            return DeviceRow(row: row)
        }
        return nil
    }

    static func device(_ db: Database, _ caller: Caller, _ identifier: String) throws -> DeviceRow {
        guard let device = try deviceIfVisible(db, caller, identifier) else { throw APIError.notFound("device") }
        return device
    }

    /// A device by internal id without visibility checks.
    static func device(_ db: Database, id: String) throws -> DeviceRow? {
        try Row.fetchOne(db, sql: DeviceRow.select + " WHERE d.id = ?", arguments: [id]).map(DeviceRow.init(row:))
    }

    static func isDeviceGroupType(_ type: String) -> Bool {
        DeviceGroupType(rawValue: type) != nil
    }
}
