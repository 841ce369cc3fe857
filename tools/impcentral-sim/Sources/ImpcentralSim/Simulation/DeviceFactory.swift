import GRDB

/// Creates simulated devices (seeding and the admin endpoint).
enum DeviceFactory {
    struct Spec: Sendable {
        var id: String?
        var name: String?
        var macAddress: String?
        var agentID: String?
        var impType: String = "imp001"
        var online: Bool = true
        var planID: String?
    }

    static let defaultSoftwareVersion = "7f5ac9b - release-43.17 - Tue Jun 11 08:44:13 2024"

    /// Validates a spec and inserts the device for `ownerID`.
    /// - Returns: the new device id.
    static func insert(_ db: Database, ownerID: String, spec: Spec, now: Int64) throws -> String {
        var mac = Identifiers.macAddress()
        if let given = spec.macAddress {
            guard let normalized = Identifiers.normalizedMAC(given) else {
                throw APIError.invalidAttribute("'mac_address' must look like 0c:2a:69:05:0d:62; got '\(given)'.")
            }
            mac = normalized
        } else {
            while try exists(db, "mac_address", mac) { mac = Identifiers.macAddress() }
        }
        var id = Identifiers.deviceID()
        if let given = spec.id {
            let lower = given.lowercased()
            guard Identifiers.isDeviceID(lower) else {
                throw APIError.invalidAttribute("'id' must be 16 hex characters; got '\(given)'.")
            }
            id = lower
        } else {
            while try exists(db, "id", id) { id = Identifiers.deviceID() }
        }
        if let agent = spec.agentID, !Identifiers.isAgentID(agent) {
            throw APIError.invalidAttribute("'agent_id' must be 12 characters of [A-Za-z0-9_-]; got '\(agent)'.")
        }
        if try exists(db, "id", id) || exists(db, "mac_address", mac) {
            throw APIError.duplicateDevice
        }
        if let agent = spec.agentID, try exists(db, "agent_id", agent) {
            throw APIError.duplicateDevice
        }
        let impType = spec.impType.isEmpty ? "imp001" : spec.impType
        // Deterministic per-device "radio" values derived from the MAC.
        let lastOctet = Int(mac.suffix(2), radix: 16) ?? 1
        try db.execute(
            sql: """
                INSERT INTO devices (id, owner_id, name, mac_address, agent_id, imp_type, online, devicegroup_id, \
                running_deployment_id, plan_id, swversion, free_memory, rssi, ip_address, device_state_changed_at, \
                agent_state_changed_at, last_enrolled_at, created_at) \
                VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, ownerID, spec.name, mac, spec.agentID, impType, spec.online ? 1 : 0, spec.planID,
                defaultSoftwareVersion, 80_000 + lastOctet * 16, -40 - lastOctet % 30,
                "192.0.2.\(lastOctet % 254 + 1)", now, now, now, now,
            ])
        return id
    }

    private static func exists(_ db: Database, _ column: String, _ value: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM devices WHERE \(column) = ?)", arguments: [value]) ?? false
    }

    /// Parses a device spec from a JSON object (seed file or admin request).
    static func spec(from value: JSONValue) throws(APIError) -> Spec {
        guard value.objectMembers != nil else { throw APIError.invalidDocument("A device must be a JSON object.") }
        func text(_ key: String) throws(APIError) -> String? {
            guard let v = value[key], !v.isNull else { return nil }
            guard let s = v.stringValue else { throw APIError.invalidAttribute("'\(key)' must be a string.") }
            return s
        }
        var spec = Spec()
        spec.id = try text("id")
        spec.name = try text("name")
        spec.macAddress = try text("mac_address")
        if spec.macAddress == nil { spec.macAddress = try text("mac") }
        spec.agentID = try text("agent_id")
        spec.impType = try text("imp_type") ?? "imp001"
        spec.planID = try text("plan_id")
        if let online = value["online"] {
            guard let flag = online.boolValue else { throw APIError.invalidAttribute("'online' must be a boolean.") }
            spec.online = flag
        }
        return spec
    }
}
