import GRDB

/// The console's reads. Each goes through the API's visibility rules (`Lookups`, `Caller`): a
/// page shows what impt would show the logged-in account, and a resource of another account is
/// "not found".
enum ConsoleQueries {
    /// Log entries shown on a device page, and sent at most per poll.
    static let logTail = 200
    /// Deployments listed on a group page (newest first).
    static let deploymentLimit = 100
    /// Webhook deliveries listed on a webhook page (newest first).
    static let deliveryLimit = 200

    static func products(_ db: Database, _ caller: Caller) throws -> [ConsoleProductLine] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT p.id, p.name, p.description, \
                (SELECT COUNT(*) FROM devicegroups g WHERE g.product_id = p.id) AS groups \
                FROM products p WHERE p.owner_id IN (\(caller.placeholders)) ORDER BY p.seq
                """,
            arguments: caller.ownerArguments
        ).map { ConsoleProductLine(id: $0["id"], name: $0["name"], description: $0["description"], groups: $0["groups"]) }
    }

    static func groups(_ db: Database, productID: String) throws -> [ConsoleGroupLine] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT g.id, g.name, g.type, g.current_deployment_id, g.min_supported_deployment_id, \
                (SELECT COUNT(*) FROM devices d WHERE d.devicegroup_id = g.id) AS devices \
                FROM devicegroups g WHERE g.product_id = ? ORDER BY g.seq
                """,
            arguments: [productID]
        ).map {
            ConsoleGroupLine(
                id: $0["id"], name: $0["name"], type: $0["type"], currentDeployment: $0["current_deployment_id"],
                minSupportedDeployment: $0["min_supported_deployment_id"], devices: $0["devices"])
        }
    }

    private static let deviceLineSelect = """
        SELECT d.id, d.name, d.online, d.devicegroup_id, d.agent_id, d.running_deployment_id, \
        g.name AS group_name FROM devices d LEFT JOIN devicegroups g ON g.id = d.devicegroup_id
        """

    private static func deviceLine(_ row: Row) -> ConsoleDeviceLine {
        let groupID: String? = row["devicegroup_id"]
        let agentID: String? = groupID == nil ? nil : row["agent_id"]
        let name: String? = row["name"]
        let id: String = row["id"]
        return ConsoleDeviceLine(
            id: id, name: displayName(name, id: id), online: (row["online"] as Int) != 0, groupID: groupID,
            groupName: row["group_name"], runningDeployment: row["running_deployment_id"],
            agentURL: agentID.map(agentURL))
    }

    /// One page of the devices the caller may see, and where it is in the whole list.
    static func devices(_ db: Database, _ caller: Caller, page: Int) throws -> ([ConsoleDeviceLine], ConsolePager) {
        let (visible, arguments) = Lookups.deviceVisibility(caller)
        return try devicePage(db, condition: visible, arguments: arguments, page: page)
    }

    /// One page of a group's devices, and where it is in the whole list.
    static func devices(_ db: Database, groupID: String, page: Int) throws -> ([ConsoleDeviceLine], ConsolePager) {
        try devicePage(db, condition: "d.devicegroup_id = ?", arguments: [groupID], page: page)
    }

    private static func devicePage(
        _ db: Database, condition: String, arguments: StatementArguments, page: Int
    ) throws -> ([ConsoleDeviceLine], ConsolePager) {
        let total = try Int.fetchOne(
            db,
            sql: "SELECT COUNT(*) FROM devices d LEFT JOIN devicegroups g ON g.id = d.devicegroup_id WHERE \(condition)",
            arguments: arguments) ?? 0
        let pager = ConsolePager(page: page, total: total)
        let rows = try Row.fetchAll(
            db, sql: deviceLineSelect + " WHERE \(condition) ORDER BY d.seq" + pager.sqlLimit, arguments: arguments)
        return (rows.map(deviceLine), pager)
    }

    /// A device's name, or its id when it has none.
    static func displayName(_ name: String?, id: String) -> String {
        guard let name, !name.isEmpty else { return id }
        return name
    }

    static func agentURL(_ agentID: String) -> String { "https://agent.electricimp.com/" + agentID }

    static func groupDetail(_ db: Database, _ group: DeviceGroupRow) throws -> ConsoleGroupDetail {
        func name(_ id: String?) throws -> String? {
            guard let id else { return nil }
            return try String.fetchOne(db, sql: "SELECT name FROM devicegroups WHERE id = ?", arguments: [id])
        }
        let productName = try String.fetchOne(db, sql: "SELECT name FROM products WHERE id = ?", arguments: [group.productID])
        return ConsoleGroupDetail(
            id: group.id, name: group.name, type: group.type.rawValue, description: group.description,
            productID: group.productID, productName: productName ?? "", currentDeployment: group.currentDeploymentID,
            minSupportedDeployment: group.minSupportedDeploymentID,
            productionTarget: try name(group.productionTargetID), dutTarget: try name(group.dutTargetID))
    }

    static func deployments(_ db: Database, groupID: String) throws -> [ConsoleDeploymentLine] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, sha, tags, flagged, description, created_at FROM deployments \
                WHERE devicegroup_id = ? ORDER BY seq DESC LIMIT \(deploymentLimit)
                """,
            arguments: [groupID]
        ).map {
            ConsoleDeploymentLine(
                id: $0["id"], sha: $0["sha"], tags: tagList($0["tags"]), flagged: ($0["flagged"] as Int) != 0,
                description: $0["description"], created: Timestamps.iso($0["created_at"]))
        }
    }

    static func tagList(_ json: String) -> String {
        guard let value = try? JSONParser.parse(json), let items = value.arrayValue else { return "" }
        return items.compactMap(\.stringValue).joined(separator: ", ")
    }

    static func webhooks(_ db: Database, groupID: String) throws -> [ConsoleWebhookLine] {
        try Row.fetchAll(db, sql: "SELECT * FROM webhooks WHERE devicegroup_id = ? ORDER BY seq", arguments: [groupID])
            .map { ConsoleWebhookLine(id: $0["id"], event: $0["event"], url: $0["url"], contentType: $0["content_type"]) }
    }

    static func deviceDetail(_ db: Database, _ device: DeviceRow) throws -> ConsoleDeviceDetail {
        let groupName = try device.deviceGroupID.flatMap {
            try String.fetchOne(db, sql: "SELECT name FROM devicegroups WHERE id = ?", arguments: [$0])
        }
        let type = device.deviceGroupType.flatMap(DeviceGroupType.init(rawValue:))
        return ConsoleDeviceDetail(
            id: device.id, name: displayName(device.name, id: device.id), macAddress: device.macAddress, impType: device.impType,
            online: device.online, groupID: device.deviceGroupID, groupName: groupName,
            groupType: device.deviceGroupType, runningDeployment: device.runningDeploymentID,
            agentURL: device.agentID.map(agentURL), blessable: type?.isDUTLike ?? false,
            inProduction: type == .production)
    }

    /// The device's newest `logTail` entries after `afterSeq`, oldest first.
    static func logs(_ db: Database, deviceID: String, afterSeq: Int64 = 0) throws -> [ConsoleLogLine] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT seq, ts, type, msg FROM logs WHERE device_id = ? AND seq > ? ORDER BY seq DESC LIMIT ?"),
            arguments: [deviceID, afterSeq, logTail]
        ).reversed().map {
            ConsoleLogLine(seq: $0["seq"], time: Timestamps.iso($0["ts"]), type: $0["type"], msg: $0["msg"])
        }
    }

    /// The caller's device groups as BlinkUp targets, by product.
    static func groupChoices(_ db: Database, _ caller: Caller, selected: String?) throws -> [ConsoleGroupChoice] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT g.id, g.name, g.type, p.name AS product FROM devicegroups g JOIN products p ON p.id = g.product_id \
                WHERE g.owner_id IN (\(caller.placeholders)) ORDER BY p.seq, g.seq
                """,
            arguments: caller.ownerArguments
        ).map {
            let id: String = $0["id"]
            let product: String = $0["product"]
            let name: String = $0["name"]
            let type: String = $0["type"]
            return ConsoleGroupChoice(id: id, label: "\(product) / \(name) (\(type))", selected: id == selected)
        }
    }

    static func deployment(_ db: Database, _ row: DeploymentRow) throws -> ConsoleDeployment {
        let groupName = try row.deviceGroupID.flatMap {
            try String.fetchOne(db, sql: "SELECT name FROM devicegroups WHERE id = ?", arguments: [$0])
        }
        return ConsoleDeployment(
            id: row.id, sha: row.sha, tags: row.tags.joined(separator: ", "), flagged: row.flagged,
            description: row.description, origin: row.origin, created: Timestamps.iso(row.createdAt),
            groupID: row.deviceGroupID, groupName: groupName, deviceCode: row.deviceCode, agentCode: row.agentCode)
    }

    static func webhookDetail(_ db: Database, _ row: WebhookRow) throws -> ConsoleWebhookDetail {
        let groupName = try String.fetchOne(
            db, sql: "SELECT name FROM devicegroups WHERE id = ?", arguments: [row.deviceGroupID])
        return ConsoleWebhookDetail(
            id: row.id, event: row.event, url: row.url, contentType: row.contentType, groupID: row.deviceGroupID,
            groupName: groupName ?? "")
    }

    static func deliveries(_ db: Database, webhookID: String) throws -> [ConsoleDeliveryLine] {
        try Row.fetchAll(
            db,
            sql: "SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT \(deliveryLimit)",
            arguments: [webhookID]
        ).map {
            let status: Int? = $0["status"]
            let error: String? = $0["error"]
            return ConsoleDeliveryLine(
                attempted: Timestamps.iso($0["attempted_at"]), event: $0["event"], status: status.map(String.init) ?? "–",
                error: error, success: error == nil, payload: $0["payload"])
        }
    }
}
