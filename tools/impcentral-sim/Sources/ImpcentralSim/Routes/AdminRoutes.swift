import GRDB
import Hummingbird

/// Simulator-only endpoints under `/_sim/` (no authentication; the server binds loopback).
struct AdminAPI: Sendable {
    let env: SimEnvironment

    var store: Store { env.store }

    func route(_ r: APIRequest) async throws -> Response {
        let s = r.segments
        let m = r.method
        let path = "/_sim" + r.path
        switch (s.first ?? "", s.count) {
        case ("health", 1) where m == .get:
            var w = JSONWriter()
            w.raw("{\"status\":\"ok\",\"base_url\":")
            w.string(env.baseURL)
            w.raw("}")
            return Responses.plainJSON(w)
        case ("devices", 1) where m == .post:
            return try await addDevice(r)
        case ("devices", 2) where m == .patch:
            return try await patchDevice(r, identifier: s[1])
        case ("devices", 2) where m == .get:
            return try await showDevice(identifier: s[1])
        case ("devices", 3) where s[2] == "blinkup" && m == .post:
            return try await blinkUp(r, identifier: s[1])
        case ("devices", 3) where s[2] == "bless" && m == .post:
            return try await bless(r, identifier: s[1])
        case ("devices", 3) where s[2] == "logs" && m == .post:
            return try await injectLogs(r, identifier: s[1])
        case ("devices", 4) where s[2] == "logs" && s[3] == "burst" && m == .post:
            return try await burstLogs(r, identifier: s[1])
        case ("accounts", 4) where s[2] == "logstreams" && s[3] == "drop" && m == .post:
            return try await dropLogStreams(account: s[1])
        case ("webhooks", 3) where s[2] == "deliveries" && m == .get:
            return try await deliveries(webhookID: s[1])
        case ("clock", 1) where m == .get:
            return clockDocument()
        case ("clock", 1) where m == .post:
            return try changeClock(r)
        case ("events", 1) where m == .get:
            return try await waitForEvent(r)
        case ("health", 1), ("devices", _), ("webhooks", 3), ("accounts", 4), ("clock", 1), ("events", 1):
            throw APIError.methodNotAllowed(m.rawValue, path)
        default:
            throw APIError.routeNotFound(path)
        }
    }

    /// A device by id, MAC or agent id, regardless of account.
    private static func findDevice(_ db: Database, _ identifier: String) throws -> DeviceRow {
        let lower = identifier.lowercased()
        if let row = try Row.fetchOne(db, sql: DeviceRow.select + " WHERE d.id = ?", arguments: [lower]) {
            return DeviceRow(row: row)
        }
        if let mac = Identifiers.normalizedMAC(identifier),
           let row = try Row.fetchOne(db, sql: DeviceRow.select + " WHERE d.mac_address = ?", arguments: [mac]) {
            return DeviceRow(row: row)
        }
        if let row = try Row.fetchOne(db, sql: DeviceRow.select + " WHERE d.agent_id = ?", arguments: [identifier]) {
            return DeviceRow(row: row)
        }
        throw APIError.notFound("device")
    }

    /// The id of an account given by username, email or id.
    private static func findAccountID(_ db: Database, _ account: String) throws -> String {
        guard let id = try String.fetchOne(
            db, sql: "SELECT id FROM accounts WHERE username = ? OR email = ? OR id = ?", arguments: [account, account, account])
        else { throw APIError.notFound("account") }
        return id
    }

    private func deviceDocument(_ device: DeviceRow, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = env.encoder
        return Responses.document(encoder.single { encoder.device(&$0, device) }, status: status)
    }

    private func showDevice(identifier: String) async throws -> Response {
        let device = try await store.read { db in try Self.findDevice(db, identifier) }
        return deviceDocument(device)
    }

    /// `POST /_sim/devices` `{"account": <username or account id>, "name", "mac_address", "id",
    /// "agent_id", "imp_type", "online"}`.
    private func addDevice(_ r: APIRequest) async throws -> Response {
        let body = try r.json()
        guard let account = body["account"]?.stringValue ?? body["username"]?.stringValue else {
            throw APIError.invalidAttribute("'account' (a username, email or account id) is required.")
        }
        let spec = try DeviceFactory.spec(from: body)
        let device = try await store.write(stampedBy: env.clock) { db, now -> DeviceRow in
            let ownerID = try Self.findAccountID(db, account)
            let id = try DeviceFactory.insert(db, ownerID: ownerID, spec: spec, now: now)
            return try Lookups.device(db, id: id)!
        }
        return deviceDocument(device, status: .created)
    }

    /// `PATCH /_sim/devices/{id}` `{"online": bool, "name": string}`: going online boots the
    /// group's current deployment; going offline stops all output.
    private func patchDevice(_ r: APIRequest, identifier: String) async throws -> Response {
        let body = try r.json()
        guard let members = body.objectMembers else { throw APIError.invalidDocument("The body must be a JSON object.") }
        for member in members where !["online", "name", "imp_type", "plan_id"].contains(member.key) {
            throw APIError.invalidAttribute("'\(member.key)' cannot be changed here.")
        }
        var online: Bool?
        if let value = body["online"] {
            guard let flag = value.boolValue else { throw APIError.invalidAttribute("'online' must be a boolean.") }
            online = flag
        }
        let name = body["name"]
        if let name, !name.isNull, name.stringValue == nil { throw APIError.invalidAttribute("'name' must be a string.") }
        let impType = body["imp_type"]?.stringValue
        let planID = body["plan_id"]
        let onlineValue = online
        let (device, effects) = try await store.write(stampedBy: env.clock) { db, now -> (DeviceRow, [SideEffect]) in
            let device = try Self.findDevice(db, identifier)
            var effects: [SideEffect] = []
            if let name {
                try db.execute(sql: "UPDATE devices SET name = ? WHERE id = ?", arguments: [name.stringValue, device.id])
            }
            if let impType {
                try db.execute(sql: "UPDATE devices SET imp_type = ? WHERE id = ?", arguments: [impType, device.id])
            }
            if let planID {
                try db.execute(sql: "UPDATE devices SET plan_id = ? WHERE id = ?", arguments: [planID.stringValue, device.id])
            }
            if let onlineValue, onlineValue != device.online {
                try db.execute(
                    sql: "UPDATE devices SET online = ?, device_state_changed_at = ? WHERE id = ?",
                    arguments: [onlineValue ? 1 : 0, now, device.id])
                if onlineValue {
                    effects.append(try DeviceOperations.boot(db, deviceID: device.id, now: now))
                } else {
                    effects.append(.stop(device.id))
                }
            }
            return (try Lookups.device(db, id: device.id)!, effects)
        }
        env.apply(effects)
        return deviceDocument(device)
    }

    /// `POST /_sim/devices/{id}/blinkup` `{"devicegroup": <id>?}`: the device is BlinkUp'd (into
    /// the given group when one is named), and `blinkup` webhooks of its group fire — and, for a
    /// DUT group, those of the production targets of the factory groups that test into it.
    private func blinkUp(_ r: APIRequest, identifier: String) async throws -> Response {
        let body = try r.optionalJSON()
        let groupID = body?["devicegroup"]?.stringValue ?? body?["devicegroup_id"]?.stringValue
        let (device, effects) = try await store.write(stampedBy: env.clock) { db, now -> (DeviceRow, [SideEffect]) in
            var device = try Self.findDevice(db, identifier)
            var effects: [SideEffect] = []
            let wasOnline = device.online
            try db.execute(
                sql: "UPDATE devices SET last_enrolled_at = ?, online = 1, device_state_changed_at = ? WHERE id = ?",
                arguments: [now, wasOnline ? device.deviceStateChangedAt : now, device.id])
            if let groupID {
                guard let group = try Lookups.deviceGroup(db, id: groupID) else { throw APIError.notFound("devicegroup") }
                device = try Lookups.device(db, id: device.id)!
                effects.append(try DeviceOperations.assign(db, device: device, groupID: group.id, now: now))
            } else if !wasOnline {
                effects.append(try DeviceOperations.boot(db, deviceID: device.id, now: now))
            }
            device = try Lookups.device(db, id: device.id)!
            var groups: [String] = []
            if let own = device.deviceGroupID {
                groups.append(own)
                if device.deviceGroupType == DeviceGroupType.dut.rawValue
                    || device.deviceGroupType == DeviceGroupType.preDUT.rawValue {
                    let targets = try String.fetchAll(
                        db, sql: "SELECT production_target_id FROM devicegroups WHERE dut_target_id = ?",
                        arguments: [own])
                    groups.append(contentsOf: targets.filter { !groups.contains($0) })
                }
            }
            var deliveries: [WebhookDispatcher.Delivery] = []
            for group in groups {
                deliveries += try WebhookDispatcher.deliveries(
                    db, deviceGroupID: group, event: "blinkup", fields: Self.deviceFields(device, groupID: group), now: now)
            }
            effects.append(.deliver(deliveries))
            return (device, effects)
        }
        env.apply(effects)
        return deviceDocument(device)
    }

    /// `POST /_sim/devices/{id}/bless` `{"success": true}`: a DUT passes factory testing and is
    /// blessed: it moves into the production target of the factory group whose DUT target holds
    /// it, runs that group's code when `load_code_after_blessing` is true, and `blessing`
    /// webhooks of the production target fire. `"success": false` only fires the webhooks.
    private func bless(_ r: APIRequest, identifier: String) async throws -> Response {
        let body = try r.optionalJSON()
        let success = body?["success"]?.boolValue ?? true
        let (device, effects) = try await store.write(stampedBy: env.clock) { db, now -> (DeviceRow, [SideEffect]) in
            let device = try Self.findDevice(db, identifier)
            guard let dutGroupID = device.deviceGroupID,
                  device.deviceGroupType == DeviceGroupType.dut.rawValue
                    || device.deviceGroupType == DeviceGroupType.preDUT.rawValue
            else {
                throw APIError(
                    409, "Not A DUT", "Only a device assigned to a DUT or pre-DUT devicegroup can be blessed.",
                    code: "CX012")
            }
            guard let factory = try Row.fetchOne(
                db, sql: "SELECT id, production_target_id FROM devicegroups WHERE dut_target_id = ? ORDER BY seq LIMIT 1",
                arguments: [dutGroupID]),
                let productionID: String = factory["production_target_id"],
                let production = try Lookups.deviceGroup(db, id: productionID)
            else {
                throw APIError(
                    409, "No Factory Devicegroup", "No factory devicegroup uses this device's group as its DUT target.",
                    code: "CX013")
            }
            let factoryID: String = factory["id"]
            var effects: [SideEffect] = []
            if success {
                try db.execute(sql: "UPDATE devices SET last_enrolled_at = ? WHERE id = ?", arguments: [now, device.id])
                let effect = try DeviceOperations.assign(db, device: device, groupID: production.id, now: now)
                if production.loadCodeAfterBlessing ?? true {
                    effects.append(effect)
                } else {
                    try db.execute(sql: "UPDATE devices SET running_deployment_id = NULL WHERE id = ?", arguments: [device.id])
                    effects.append(.stop(device.id))
                }
            }
            let updated = try Lookups.device(db, id: device.id)!
            var fields = Self.deviceFields(updated, groupID: production.id)
            fields.append(JSONMember("success", .bool(success)))
            fields.append(JSONMember("factory_devicegroup_id", .string(factoryID)))
            fields.append(JSONMember("dut_devicegroup_id", .string(dutGroupID)))
            effects.append(.deliver(try WebhookDispatcher.deliveries(
                db, deviceGroupID: production.id, event: "blessing", fields: fields, now: now)))
            return (updated, effects)
        }
        env.apply(effects)
        return deviceDocument(device)
    }

    private static func deviceFields(_ device: DeviceRow, groupID: String) -> [JSONMember] {
        [
            JSONMember("devicegroup_id", .string(groupID)),
            JSONMember("product_id", device.productID.map { .string($0) } ?? .null),
            JSONMember("device_id", .string(device.id)),
            JSONMember("mac_address", .string(device.macAddress)),
            JSONMember("agent_id", device.agentID.map { .string($0) } ?? .null),
            JSONMember("imp_type", .string(device.impType)),
        ]
    }

    /// `POST /_sim/devices/{id}/logs` `{"type": "server.log", "msg": "..."}` or
    /// `{"entries": [{"type","msg"}, ...]}`: appends entries as if the device had logged them.
    private func injectLogs(_ r: APIRequest, identifier: String) async throws -> Response {
        let body = try r.json()
        var items: [JSONValue] = [body]
        if let entries = body["entries"] {
            guard let array = entries.arrayValue else { throw APIError.invalidAttribute("'entries' must be an array.") }
            items = array
        }
        var entries: [(type: String, msg: String)] = []
        for item in items {
            guard let msg = item["msg"]?.stringValue else { throw APIError.invalidAttribute("Each entry needs a string 'msg'.") }
            entries.append((type: item["type"]?.stringValue ?? "server.log", msg: msg))
        }
        let device = try await store.read { db in try Self.findDevice(db, identifier) }
        let written = await env.logs.append(deviceID: device.id, entries: entries)
        var w = JSONWriter()
        w.raw("{\"data\":[")
        for (i, entry) in written.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.raw("{\"ts\":")
            w.timestamp(entry.ts)
            w.raw(",\"type\":")
            w.string(entry.type)
            w.raw(",\"msg\":")
            w.string(entry.msg)
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("]}")
        return Responses.plainJSON(w, status: .created)
    }

    /// Largest `count` of one burst.
    static let maxBurst = 10_000_000

    /// `POST /_sim/devices/{id}/logs/burst` `{"count": N, "type"?, "prefix"?}`: the device logs
    /// `<prefix>1` ... `<prefix>N` (type `server.log`, prefix `burst ` by default) as fast as the
    /// server can store them and its slowest stream reader takes them; answers when done.
    private func burstLogs(_ r: APIRequest, identifier: String) async throws -> Response {
        let body = try r.json()
        guard let count = body["count"]?.intValue, count >= 1, count <= Self.maxBurst else {
            throw APIError.invalidAttribute("'count' must be a whole number from 1 to \(Self.maxBurst).")
        }
        if let type = body["type"], type.stringValue == nil { throw APIError.invalidAttribute("'type' must be a string.") }
        if let prefix = body["prefix"], prefix.stringValue == nil { throw APIError.invalidAttribute("'prefix' must be a string.") }
        let device = try await store.read { db in try Self.findDevice(db, identifier) }
        let written = await env.logs.burst(
            deviceID: device.id, count: count, type: body["type"]?.stringValue ?? "server.log",
            prefix: body["prefix"]?.stringValue ?? "burst ")
        var w = JSONWriter()
        w.raw("{\"written\":")
        w.int(written)
        w.raw("}")
        return Responses.plainJSON(w)
    }

    /// `POST /_sim/accounts/{account}/logstreams/drop`: ends every open log stream connection of
    /// the account without a `closed` event, as a broken connection would.
    private func dropLogStreams(account: String) async throws -> Response {
        let accountID = try await store.read { db in try Self.findAccountID(db, account) }
        let dropped = env.hub.dropConnections(accountID: accountID)
        var w = JSONWriter()
        w.raw("{\"dropped\":")
        w.int(dropped)
        w.raw("}")
        return Responses.plainJSON(w)
    }

    /// `GET /_sim/webhooks/{id}/deliveries`: every delivery attempt, oldest first.
    private func deliveries(webhookID: String) async throws -> Response {
        struct Attempt: Sendable {
            var event: String
            var url: String
            var attemptedAt: Int64
            var status: Int?
            var error: String?
            var payload: String
        }
        let attempts = try await store.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq", arguments: [webhookID]
            ).map {
                Attempt(
                    event: $0["event"], url: $0["url"], attemptedAt: $0["attempted_at"], status: $0["status"],
                    error: $0["error"], payload: $0["payload"])
            }
        }
        var w = JSONWriter(capacity: 256 + attempts.count * 256)
        w.raw("{\"data\":[")
        for (i, a) in attempts.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.raw("{\"event\":")
            w.string(a.event)
            w.raw(",\"url\":")
            w.string(a.url)
            w.raw(",\"attempted_at\":")
            w.timestamp(a.attemptedAt)
            w.raw(",\"status\":")
            w.intOrNull(a.status)
            w.raw(",\"error\":")
            w.stringOrNull(a.error)
            w.raw(",\"success\":")
            w.bool(a.error == nil)
            w.raw(",\"payload\":")
            w.string(a.payload)
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("]}")
        return Responses.plainJSON(w)
    }

    // MARK: Simulated time and events

    private func clockDocument() -> Response {
        var w = JSONWriter()
        w.raw("{\"now\":")
        w.int(Int(env.time.now()))
        w.raw(",\"frozen\":")
        w.bool(env.time.isFrozen)
        w.raw(",\"next_event\":")
        w.int(env.events.nextSequence)
        w.raw("}")
        return Responses.plainJSON(w)
    }

    /// `POST /_sim/clock` `{"freeze": true}`, `{"resume": true}` and/or `{"advance_ms": n}`
    /// (applied in that order); answers with the clock's state.
    private func changeClock(_ r: APIRequest) throws -> Response {
        let body = try r.json()
        guard body.objectMembers != nil else { throw APIError.invalidDocument("The request body must be a JSON object.") }
        if body["freeze"]?.boolValue == true { env.time.freeze() }
        if body["resume"]?.boolValue == true { env.time.resume() }
        if let advance = body["advance_ms"] {
            guard let milliseconds = advance.intValue, milliseconds >= 0, milliseconds <= 366 * 86_400_000 else {
                throw APIError.invalidDocument("'advance_ms' must be a whole number of milliseconds from 0 to a year.")
            }
            env.time.advance(milliseconds: Int64(milliseconds))
        }
        return clockDocument()
    }

    /// `GET /_sim/events?kind=device_booted&subject=<id>&after=<sequence>&timeout_ms=<n>`: the
    /// first matching event numbered `after` or later, waiting up to `timeout_ms` (at most 60 s)
    /// for it; 404 when none came in time.
    private func waitForEvent(_ r: APIRequest) async throws -> Response {
        var kind: SimEvent.Kind?
        var subject: String?
        var after = 0
        var timeout: Int64 = 10_000
        for pair in r.query.pairs {
            switch pair.key {
            case "kind":
                guard let value = SimEvent.Kind(rawValue: pair.value) else {
                    throw APIError.invalidDocument("Unknown event kind '\(pair.value)'.")
                }
                kind = value
            case "subject": subject = pair.value
            case "after": after = Int(pair.value) ?? 0
            case "timeout_ms": timeout = min(60_000, max(0, Int64(pair.value) ?? 10_000))
            default: throw APIError.invalidDocument("Unknown parameter '\(pair.key)'.")
            }
        }
        let wantedKind = kind
        let wantedSubject = subject
        guard let event = await env.events.first(after: after, timeoutMilliseconds: timeout, where: { event in
            (wantedKind == nil || event.kind == wantedKind) && (wantedSubject == nil || event.subject == wantedSubject)
        }) else {
            throw APIError.notFound("event")
        }
        var w = JSONWriter()
        w.raw("{\"sequence\":")
        w.int(event.sequence)
        w.raw(",\"kind\":")
        w.string(event.kind.rawValue)
        w.raw(",\"subject\":")
        w.string(event.subject)
        w.raw(",\"count\":")
        w.int(event.count)
        w.raw(",\"status\":")
        w.int(event.status)
        w.raw("}")
        return Responses.plainJSON(w)
    }
}
