import ImptPluginAPI

public enum DisplaySet: Int32, Sendable {
    case short = 1
    case list = 2
    case info = 3
    case full = 4
}

/// Builds the objects impt prints for entities: `{"Product": {"id": ..., "name": ..., "Owner": {...}}}`.
struct Display {
    let invocation: Invocation
    var session: ApiSession { invocation.session }

    /// `{"<Type>": {...}}` for a resource.
    func render(_ kind: EntityKind, _ set: DisplaySet, _ resource: JSON) throws(ImptError) -> JSON {
        .object(JSONObject([(kind.typeName, .object(try body(kind, set, resource)))]))
    }

    func body(_ kind: EntityKind, _ set: DisplaySet, _ resource: JSON) throws(ImptError) -> JSONObject {
        switch set {
        case .short: return short(kind, resource)
        case .list: return try list(kind, resource)
        case .info: return try info(kind, resource, full: false)
        case .full: return try info(kind, resource, full: true)
        }
    }

    // MARK: Data sets

    /// id (and type) plus the main attributes, leaving out empty values.
    func short(_ kind: EntityKind, _ resource: JSON) -> JSONObject {
        var out = JSONObject([("id", resource["id"] ?? "")])
        for attribute in kind.listAttributes {
            let value = attribute == "type" && kind == .deviceGroup
                ? resource["type"].map { JSON.string(DeviceGroupType.name(ofAPIType: $0.stringValue ?? "")) }
                : displayed(kind, attribute, resource.lookup("attributes.\(attribute)"))
            guard let value, !Self.isEmpty(value) else { continue }
            out[attribute] = value
        }
        return out
    }

    private func list(_ kind: EntityKind, _ resource: JSON) throws(ImptError) -> JSONObject {
        var out = short(kind, resource)
        switch kind {
        case .product:
            try addOwner("owner", "Owner", resource, to: &out)
        case .deviceGroup:
            try addRelated("product", .product, "Product", resource, to: &out)
            try addOwner("owner", "Owner", resource, to: &out)
        case .device, .deployment, .webhook:
            try addRelated("devicegroup", .deviceGroup, "Device Group", resource, to: &out)
            try addOwner("owner", "Owner", resource, to: &out)
        case .account, .loginKey:
            break
        }
        return out
    }

    private func info(_ kind: EntityKind, _ resource: JSON, full: Bool) throws(ImptError) -> JSONObject {
        var out = JSONObject([("id", resource["id"] ?? "")])
        if kind == .deviceGroup {
            out["type"] = .string(DeviceGroupType.name(ofAPIType: resource["type"]?.stringValue ?? ""))
        }
        for (attribute, value) in resource["attributes"]?.objectValue ?? JSONObject() {
            out[attribute] = displayed(kind, attribute, value) ?? value
        }
        switch kind {
        case .account, .loginKey, .product:
            break
        case .deviceGroup:
            try addRelated("product", .product, "Product", resource, to: &out)
            try addGroupRelations(resource, to: &out)
        case .device:
            try addDeviceGroupWithDeployment(resource, to: &out)
            try addRelated("product", .product, "Product", resource, to: &out)
        case .deployment, .webhook:
            try addRelated("devicegroup", .deviceGroup, "Device Group", resource, to: &out)
            try addRelated("product", .product, "Product", resource, to: &out)
        }
        try addOwner("owner", "Owner", resource, to: &out)
        try addOwner("creator", "Creator", resource, to: &out)
        if full {
            switch kind {
            case .product: try addDeviceGroups(ofProduct: resource, to: &out)
            case .deviceGroup: try addGroupExtras(resource, to: &out)
            default: break
            }
        }
        return out
    }

    // MARK: Related entities

    private func addRelated(_ relation: String, _ kind: EntityKind, _ key: String, _ resource: JSON, to out: inout JSONObject)
        throws(ImptError)
    {
        guard let id = resource.lookup("relationships.\(relation).id")?.stringValue else { return }
        if let related = try relatedResource(kind, id, from: resource) {
            out[key] = .object(short(kind, related))
        } else {
            out["Corrupted \(kind.typeName)"] = .object(JSONObject([("id", .string(id))]))
        }
    }

    /// Owner and Creator are left out when they are the caller's own account.
    private func addOwner(_ relation: String, _ key: String, _ resource: JSON, to out: inout JSONObject) throws(ImptError) {
        guard let id = resource.lookup("relationships.\(relation).id")?.stringValue else { return }
        guard id != (try session.accountID()) else { return }
        try addRelated(relation, .account, key, resource, to: &out)
    }

    private func addGroupRelations(_ resource: JSON, to out: inout JSONObject) throws(ImptError) {
        try addRelated("current_deployment", .deployment, "Current Deployment", resource, to: &out)
        try addRelated("min_supported_deployment", .deployment, "Min supported Deployment", resource, to: &out)
        try addRelated("production_target", .deviceGroup, "Production Target", resource, to: &out)
        try addRelated("dut_target", .deviceGroup, "DUT Target", resource, to: &out)
    }

    private func addDeviceGroupWithDeployment(_ device: JSON, to out: inout JSONObject) throws(ImptError) {
        guard let id = device.lookup("relationships.devicegroup.id")?.stringValue else { return }
        guard let group = try relatedResource(.deviceGroup, id, from: device) else {
            out["Corrupted Device Group"] = .object(JSONObject([("id", .string(id))]))
            return
        }
        var body = short(.deviceGroup, group)
        try addRelated("current_deployment", .deployment, "Current Deployment", group, to: &body)
        out["Device Group"] = .object(body)
    }

    /// A related resource, or nil (after reporting it) when it no longer exists.
    private func relatedResource(_ kind: EntityKind, _ id: String, from resource: JSON) throws(ImptError) -> JSON? {
        if let found = try session.fetch(Identification(invocation: invocation).path(kind, id)) { return found }
        if invocation.console.mode != .json, let owner = EntityKind(resourceType: resource["type"]?.stringValue ?? "") {
            let ownerID = resource["id"]?.stringValue ?? ""
            invocation.console.error(
                "Unexpected state. \(owner.typeName) \"\(ownerID)\" is related to corrupted \(kind.typeName) \"\(id)\" which does not exist.")
        }
        return nil
    }

    // MARK: Full structure

    private func addDeviceGroups(ofProduct product: JSON, to out: inout JSONObject) throws(ImptError) {
        guard let id = product["id"]?.stringValue else { return }
        let groups = try session.list(EntityKind.deviceGroup.collectionPath, query: [("filter[product.id]", id)])
        guard !groups.isEmpty else { return }
        var list: [JSON] = []
        for group in groups {
            var body = short(.deviceGroup, group).filtered(["id", "type", "name"])
            try addGroupRelations(group, to: &body)
            try addGroupExtras(group, to: &body)
            list.append(.object(JSONObject([("Device Group", .object(body))])))
        }
        out["Device Groups"] = .array(list)
    }

    /// Targets pointing at a group, its webhooks and its devices.
    private func addGroupExtras(_ group: JSON, to out: inout JSONObject) throws(ImptError) {
        guard let id = group["id"]?.stringValue, let apiType = group["type"]?.stringValue else { return }
        let type = DeviceGroupType(apiType: apiType)
        if type == .production || type == .preProduction || type == .dut || type == .preDut {
            let relation = type == .production || type == .preProduction ? "production_target" : "dut_target"
            let productID = group.lookup("relationships.product.id")?.stringValue
            let query = productID.map { [("filter[product.id]", $0)] } ?? []
            let pointing = try session.list(EntityKind.deviceGroup.collectionPath, query: query).filter {
                $0.lookup("relationships.\(relation).id")?.stringValue == id
            }
            if !pointing.isEmpty {
                let key = relation == "production_target" ? "Production Target for" : "DUT Target for"
                out[key] = .array(pointing.map { .object(JSONObject([("Device Group", .object(short(.deviceGroup, $0)))])) })
            }
        }
        let webhooks = try session.list(EntityKind.webhook.collectionPath, query: [("filter[devicegroup.id]", id)])
        if !webhooks.isEmpty {
            out["Webhooks"] = .array(webhooks.map { .object(JSONObject([("Webhook", .object(short(.webhook, $0)))])) })
        }
        let devices = try session.list(EntityKind.device.collectionPath, query: [("filter[devicegroup.id]", id)])
        if !devices.isEmpty {
            var list: [JSON] = devices.prefix(5).map { .object(JSONObject([("Device", .object(short(.device, $0)))])) }
            if devices.count > 5 { list.append(.string("... \(devices.count - 5) more Device(s)")) }
            out["Devices"] = .array(list)
        }
    }

    // MARK: Values

    /// Attribute values shown in impt's terms (webhook content types as `json`/`urlencoded`).
    private func displayed(_ kind: EntityKind, _ attribute: String, _ value: JSON?) -> JSON? {
        guard kind == .webhook, attribute == "content_type", let text = value?.stringValue else { return value }
        switch text {
        case "application/json": return "json"
        case "application/x-www-form-urlencoded": return "urlencoded"
        default: return value
        }
    }

    /// Values short data leaves out: null, empty strings, false and empty arrays.
    static func isEmpty(_ value: JSON) -> Bool {
        switch value {
        case .null, .bool(false): return true
        case .string(let text): return text.isEmpty
        case .array(let elements): return elements.isEmpty
        default: return false
        }
    }
}

extension JSONObject {
    /// Only the given keys, in this object's order.
    func filtered(_ keys: Set<String>) -> JSONObject {
        var out = JSONObject()
        for (key, value) in self where keys.contains(key) { out[key] = value }
        return out
    }
}
