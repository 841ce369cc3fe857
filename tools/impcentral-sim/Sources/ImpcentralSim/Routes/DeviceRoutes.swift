import GRDB
import Hummingbird

/// `/devices`, restarts, historical logs.
extension API {
    func listDevices(_ r: APIRequest) async throws -> Response {
        let caller = try r.authenticated
        try checkFilters(
            r, allowed: ["owner.id", "product.id", "devicegroup.id", "devicegroup.owner.id", "devicegroup.type"])
        let page = try Page(r.query)
        let owner = r.query["filter[owner.id]"]
        let product = r.query["filter[product.id]"]
        let group = r.query["filter[devicegroup.id]"]
        let groupOwner = r.query["filter[devicegroup.owner.id]"]
        let groupType = r.query["filter[devicegroup.type]"]
        if let groupType, DeviceGroupType(rawValue: groupType) == nil {
            throw APIError.invalidQuery("filter[devicegroup.type] must be a devicegroup type; got '\(groupType)'.")
        }
        let encoder = self.encoder
        return try await cachedList(r) {
            let rows = try await store.read { db in
                let (visible, visibleArgs) = Lookups.deviceVisibility(caller)
                var sql = DeviceRow.select + " WHERE \(visible)"
                var args = visibleArgs
                if let owner { sql += " AND d.owner_id = ?"; args += [owner] }
                if let product { sql += " AND g.product_id = ?"; args += [product] }
                if let group { sql += " AND d.devicegroup_id = ?"; args += [group] }
                if let groupOwner {
                    if groupOwner == "null" {
                        sql += " AND d.devicegroup_id IS NULL"
                    } else {
                        sql += " AND g.owner_id = ?"
                        args += [groupOwner]
                    }
                }
                if let groupType { sql += " AND g.type = ?"; args += [groupType] }
                return try Row.fetchAll(db, sql: sql + " ORDER BY d.seq" + page.sqlLimit, arguments: args)
                    .map(DeviceRow.init(row:))
            }
            let (items, more) = page.split(rows)
            let links = PageLinks(base: encoder.base, path: r.path, query: r.query, page: page, hasNext: more)
            return encoder.collection(items, links: links) { w, d in encoder.device(&w, d) }
        }
    }

    func getDevice(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        let device = try await store.read { db in try Lookups.device(db, caller, id) }
        return Responses.document(encoder.single { encoder.device(&$0, device) })
    }

    private static let deviceReadOnly: Set<String> = [
        "agent_id", "agent_url", "device_online", "device_state_changed_at", "agent_running",
        "agent_state_changed_at", "last_enrolled_at", "imp_type", "ip_address", "mac_address", "free_memory",
        "rssi", "swversion", "plan_id",
    ]

    func updateDevice(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        let existing = try await store.read { db in try Lookups.device(db, caller, id) }
        let doc = try ResourceDocument.parse(r, types: ["device"])
        if let given = doc.id, given != existing.id && given != id {
            throw APIError.invalidDocument("'data.id' does not match the id in the path.")
        }
        try doc.checkAttributes(writable: ["name"], readOnly: Self.deviceReadOnly, resource: "device")
        try doc.checkRelationships(allowed: [], resource: "device")
        let hasName = doc.has("name")
        var newName: String?
        if let value = doc.attribute("name"), !value.isNull {
            guard let text = value.stringValue else { throw APIError.invalidAttribute("'name' must be a string.") }
            guard text.count <= 80 else { throw APIError.invalidAttribute("'name' must be at most 80 characters.") }
            newName = text.isEmpty ? nil : text
        }
        let name = newName
        let deviceID = existing.id
        let device = try await store.write { db -> DeviceRow in
            if hasName {
                try db.execute(sql: "UPDATE devices SET name = ? WHERE id = ?", arguments: [name, deviceID])
            }
            return try Lookups.device(db, caller, deviceID)
        }
        return Responses.document(encoder.single { encoder.device(&$0, device) })
    }

    func deleteDevice(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        let deviceID = try await store.write { db -> String in
            let device = try Lookups.device(db, caller, id)
            if device.isAssigned { throw APIError.deviceAssigned }
            try db.execute(sql: "DELETE FROM logs WHERE device_id = ?", arguments: [device.id])
            try db.execute(sql: "DELETE FROM devices WHERE id = ?", arguments: [device.id])
            return device.id
        }
        env.apply([.stop(deviceID), .forgetStreams(deviceID)])
        return Responses.noContent
    }

    func restartDevice(_ r: APIRequest, id: String, conditional: Bool) async throws -> Response {
        let caller = try r.authenticated
        let effect = try await store.write(stampedBy: env.clock) { db, now -> SideEffect in
            let device = try Lookups.device(db, caller, id)
            return try DeviceOperations.boot(db, deviceID: device.id, now: now)
        }
        env.apply([effect])
        return Responses.noContent
    }

    func deviceLogs(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        let page = try Page(r.query)
        let entries = try await store.read { db -> [LogEntry] in
            let device = try Lookups.device(db, caller, id)
            if device.deviceGroupType == DeviceGroupType.production.rawValue { throw APIError.productionLogs }
            return try Row.fetchAll(
                db, sql: "SELECT ts, type, msg FROM logs WHERE device_id = ? ORDER BY seq DESC" + page.sqlLimit,
                arguments: [device.id]
            ).map { LogEntry(ts: $0["ts"], type: $0["type"], msg: $0["msg"]) }
        }
        let (items, more) = page.split(entries)
        let links = PageLinks(base: encoder.base, path: r.path, query: r.query, page: page, hasNext: more)
        var w = JSONWriter(capacity: 256 + items.count * 96)
        w.raw("{\"data\":[")
        var first = true
        for entry in items {
            if !first { w.byte(UInt8(ascii: ",")) }
            first = false
            w.raw("{\"ts\":")
            w.timestamp(entry.ts)
            w.raw(",\"type\":")
            w.string(entry.type)
            w.raw(",\"msg\":")
            w.string(entry.msg)
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("],\"links\":")
        links.write(&w)
        w.byte(UInt8(ascii: "}"))
        return Responses.document(w)
    }

    /// `GET /devices/{id}/history`: the device's enrolment and assignment state as one entry.
    func deviceHistory(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        let page = try Page(r.query)
        let device = try await store.read { db in try Lookups.device(db, caller, id) }
        let links = PageLinks(base: encoder.base, path: r.path, query: r.query, page: page, hasNext: false)
        var w = JSONWriter(capacity: 512)
        w.raw("{\"data\":[")
        if page.number == 1 {
            w.raw("{\"type\":\"device_history\",\"attributes\":{\"event\":\"enrolled\",\"timestamp\":")
            w.timestamp(device.lastEnrolledAt)
            w.raw(",\"devicegroup_id\":")
            w.stringOrNull(device.deviceGroupID)
            w.raw("}}")
        }
        w.raw("],\"links\":")
        links.write(&w)
        w.byte(UInt8(ascii: "}"))
        return Responses.document(w)
    }
}
