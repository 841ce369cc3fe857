/// Writes JSON:API resource objects for every resource type.
///
/// Attribute order is part of the contract (impt prints attributes in server order), and
/// relationships are bare `{"type","id"}` objects that are omitted when they do not exist.
struct ResourceEncoder: Sendable {
    /// Base URL, e.g. `http://127.0.0.1:41234/v5`.
    let base: String

    // MARK: Shared pieces

    private func open(_ w: inout JSONWriter, type: String, id: String, collection: String) {
        w.raw("{\"type\":")
        w.string(type)
        w.raw(",\"id\":")
        w.string(id)
        w.raw(",\"links\":{\"self\":")
        w.string(base + "/" + collection + "/" + id)
        w.raw("},\"attributes\":{")
    }

    /// Relationship writer: tracks the comma between entries.
    private struct Relationships {
        var first = true

        mutating func add(_ w: inout JSONWriter, _ name: StaticString, type: String, id: String?) {
            guard let id else { return }
            if !first { w.byte(UInt8(ascii: ",")) }
            first = false
            w.key(name)
            w.raw("{\"type\":")
            w.string(type)
            w.raw(",\"id\":")
            w.string(id)
            w.byte(UInt8(ascii: "}"))
        }
    }

    // MARK: Resources

    func account(_ w: inout JSONWriter, _ a: AccountRow) {
        open(&w, type: "account", id: a.id, collection: "accounts")
        w.raw("\"username\":")
        w.string(a.username)
        w.raw(",\"email\":")
        w.string(a.email)
        w.raw("},\"relationships\":{}}")
    }

    func loginKey(_ w: inout JSONWriter, _ k: LoginKeyRow) {
        open(&w, type: "login_key", id: k.id, collection: "accounts/me/login_keys")
        w.raw("\"description\":")
        w.string(k.description)
        w.raw(",\"usages\":")
        w.int(k.usages)
        w.raw(",\"created_at\":")
        w.timestamp(k.createdAt)
        w.raw("},\"relationships\":{\"owner\":{\"type\":\"account\",\"id\":")
        w.string(k.accountID)
        w.raw("}}}")
    }

    func refreshToken(_ w: inout JSONWriter, _ t: RefreshTokenRow, accountID: String) {
        open(&w, type: "refresh_token", id: t.id, collection: "accounts/me/refresh_tokens")
        w.raw("\"refresh_token\":")
        w.string(t.token)
        w.raw(",\"created_at\":")
        w.timestamp(t.createdAt)
        w.raw(",\"last_used_at\":")
        w.timestampOrNull(t.lastUsedAt)
        w.raw("},\"relationships\":{\"owner\":{\"type\":\"account\",\"id\":")
        w.string(accountID)
        w.raw("}}}")
    }

    func product(_ w: inout JSONWriter, _ p: ProductRow) {
        open(&w, type: "product", id: p.id, collection: "products")
        w.raw("\"name\":")
        w.string(p.name)
        w.raw(",\"description\":")
        w.string(p.description)
        w.raw(",\"created_at\":")
        w.timestamp(p.createdAt)
        w.raw(",\"updated_at\":")
        w.timestamp(p.updatedAt)
        w.raw("},\"relationships\":{\"owner\":{\"type\":\"account\",\"id\":")
        w.string(p.ownerID)
        w.raw("},\"creator\":{\"type\":\"account\",\"id\":")
        w.string(p.creatorID)
        w.raw("}}}")
    }

    func deviceGroup(_ w: inout JSONWriter, _ g: DeviceGroupRow) {
        open(&w, type: g.type.rawValue, id: g.id, collection: "devicegroups")
        w.raw("\"name\":")
        w.string(g.name)
        w.raw(",\"description\":")
        w.string(g.description)
        w.raw(",\"region\":")
        w.stringOrNull(g.region)
        if g.type.isProductionLike {
            w.raw(",\"load_code_after_blessing\":")
            w.bool(g.loadCodeAfterBlessing ?? true)
        }
        if let env = g.envVars {
            w.raw(",\"env_vars\":")
            w.rawString(env)
        }
        w.raw(",\"created_at\":")
        w.timestamp(g.createdAt)
        w.raw(",\"updated_at\":")
        w.timestamp(g.updatedAt)
        w.raw("},\"relationships\":{")
        var rel = Relationships()
        rel.add(&w, "product", type: "product", id: g.productID)
        rel.add(&w, "owner", type: "account", id: g.ownerID)
        rel.add(&w, "creator", type: "account", id: g.creatorID)
        rel.add(&w, "current_deployment", type: "deployment", id: g.currentDeploymentID)
        rel.add(&w, "min_supported_deployment", type: "deployment", id: g.minSupportedDeploymentID)
        if let targetType = g.productionTargetType {
            rel.add(&w, "production_target", type: targetType, id: g.productionTargetID)
        }
        if let targetType = g.dutTargetType {
            rel.add(&w, "dut_target", type: targetType, id: g.dutTargetID)
        }
        w.raw("}}")
    }

    func deployment(_ w: inout JSONWriter, _ d: DeploymentRow) {
        // The code and a quarter more for escapes: source text is written without regrowing.
        let code = d.deviceCode.utf8.count + d.agentCode.utf8.count
        if code > 65_536 { w.reserve(code + code / 4 + 4096) }
        open(&w, type: "deployment", id: d.id, collection: "deployments")
        w.raw("\"sha\":")
        w.string(d.sha)
        w.raw(",\"tags\":")
        w.rawString(d.tagsJSON)
        w.raw(",\"flagged\":")
        w.bool(d.flagged)
        w.raw(",\"description\":")
        w.string(d.description)
        w.raw(",\"origin\":")
        w.stringOrNull(d.origin)
        w.raw(",\"device_code\":")
        w.string(d.deviceCode)
        w.raw(",\"agent_code\":")
        w.string(d.agentCode)
        w.raw(",\"created_at\":")
        w.timestamp(d.createdAt)
        w.raw(",\"updated_at\":")
        w.timestamp(d.updatedAt)
        w.raw("},\"relationships\":{")
        var rel = Relationships()
        if let groupType = d.deviceGroupType {
            rel.add(&w, "devicegroup", type: groupType, id: d.deviceGroupID)
        }
        rel.add(&w, "product", type: "product", id: d.productID)
        rel.add(&w, "owner", type: "account", id: d.ownerID)
        rel.add(&w, "creator", type: "account", id: d.creatorID)
        if d.flagged {
            rel.add(&w, "flagger", type: "account", id: d.flaggerID)
        }
        w.raw("}}")
    }

    func device(_ w: inout JSONWriter, _ d: DeviceRow) {
        open(&w, type: "device", id: d.id, collection: "devices")
        let agentID = d.agentID
        w.raw("\"name\":")
        w.stringOrNull(d.name)
        w.raw(",\"agent_id\":")
        w.stringOrNull(agentID)
        w.raw(",\"agent_url\":")
        w.stringOrNull(agentID.map { "https://agent.electricimp.com/" + $0 })
        w.raw(",\"device_online\":")
        w.bool(d.online)
        w.raw(",\"device_state_changed_at\":")
        w.timestamp(d.deviceStateChangedAt)
        w.raw(",\"agent_running\":")
        w.bool(d.isAssigned && d.runningDeploymentID != nil)
        w.raw(",\"agent_state_changed_at\":")
        w.timestamp(d.agentStateChangedAt)
        w.raw(",\"last_enrolled_at\":")
        w.timestamp(d.lastEnrolledAt)
        w.raw(",\"imp_type\":")
        w.string(d.impType)
        w.raw(",\"ip_address\":")
        w.stringOrNull(d.online ? d.ipAddress : nil)
        w.raw(",\"mac_address\":")
        w.string(d.macAddress)
        w.raw(",\"free_memory\":")
        w.intOrNull(d.online ? d.freeMemory : nil)
        w.raw(",\"rssi\":")
        w.intOrNull(d.online ? d.rssi : nil)
        w.raw(",\"swversion\":")
        w.string(d.swversion)
        w.raw(",\"plan_id\":")
        w.stringOrNull(d.planID)
        w.raw("},\"relationships\":{")
        var rel = Relationships()
        if let groupType = d.deviceGroupType {
            rel.add(&w, "devicegroup", type: groupType, id: d.deviceGroupID)
            rel.add(&w, "product", type: "product", id: d.productID)
        }
        rel.add(&w, "owner", type: "account", id: d.ownerID)
        w.raw("}}")
    }

    func webhook(_ w: inout JSONWriter, _ h: WebhookRow) {
        open(&w, type: "webhook", id: h.id, collection: "webhooks")
        w.raw("\"url\":")
        w.string(h.url)
        w.raw(",\"event\":")
        w.string(h.event)
        w.raw(",\"content_type\":")
        w.string(h.contentType)
        w.raw(",\"created_at\":")
        w.timestamp(h.createdAt)
        w.raw(",\"updated_at\":")
        w.timestamp(h.updatedAt)
        w.raw("},\"relationships\":{")
        var rel = Relationships()
        rel.add(&w, "devicegroup", type: h.deviceGroupType, id: h.deviceGroupID)
        rel.add(&w, "product", type: "product", id: h.productID)
        rel.add(&w, "owner", type: "account", id: h.ownerID)
        rel.add(&w, "creator", type: "account", id: h.creatorID)
        w.raw("}}")
    }

    // MARK: Documents

    /// `{"data": <resource>}`.
    func single(_ write: (inout JSONWriter) -> Void) -> JSONWriter {
        var w = JSONWriter(capacity: 1024)
        w.raw("{\"data\":")
        write(&w)
        w.byte(UInt8(ascii: "}"))
        return w
    }

    /// `{"data":[...],"links":{...}}` for one page.
    func collection<Item>(_ items: ArraySlice<Item>, links: PageLinks, capacity: Int = 4096,
                          _ write: (inout JSONWriter, Item) -> Void) -> JSONWriter {
        var w = JSONWriter(capacity: capacity)
        w.raw("{\"data\":[")
        var first = true
        for item in items {
            if !first { w.byte(UInt8(ascii: ",")) }
            first = false
            write(&w, item)
        }
        w.raw("],\"links\":")
        links.write(&w)
        w.byte(UInt8(ascii: "}"))
        return w
    }
}
