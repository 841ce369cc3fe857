import ImptPluginAPI

/// What a request creates or changes in a Device Group, and the bodies impCentral takes for it:
/// one place for the members and their order, whichever command sends them.
public struct DeviceGroupChanges {
    public var name: String?
    public var description: String?
    /// Sent only when not empty (creation).
    public var region: String?
    public var loadCodeAfterBlessing: Bool?
    /// `env_vars`: a JSON object.
    public var environment: Value?
    /// Relationship members besides the Product: `production_target`, `dut_target`.
    public var relationships: [(String, JSONLiteral)]

    public init(
        name: String? = nil, description: String? = nil, region: String? = nil, loadCodeAfterBlessing: Bool? = nil,
        environment: Value? = nil, relationships: [(String, JSONLiteral)] = []
    ) {
        self.name = name
        self.description = description
        self.region = region
        self.loadCodeAfterBlessing = loadCodeAfterBlessing
        self.environment = environment
        self.relationships = relationships
    }

    var attributes: [(String, JSONLiteral)] {
        var members: [(String, JSONLiteral)] = []
        if let name { members.append(("name", .string(name))) }
        if let description { members.append(("description", .string(description))) }
        if let region, !region.isEmpty { members.append(("region", .string(region))) }
        if let loadCodeAfterBlessing { members.append(("load_code_after_blessing", .bool(loadCodeAfterBlessing))) }
        if let environment { members.append(("env_vars", .value(environment))) }
        return members
    }

    /// `POST /devicegroups`: a group of `type` in the Product.
    public func createBody(type: String, productID: String) -> JSONLiteral {
        let members: [(String, JSONLiteral)] = [("product", ["type": "product", "id": .string(productID)])] + relationships
        return ["data": ["type": .string(type), "attributes": .object(attributes), "relationships": .object(members)]]
    }

    /// `PATCH /devicegroups/<id>`.
    public func updateBody(type: String, id: String) -> JSONLiteral {
        var data: [(String, JSONLiteral)] = [("type", .string(type)), ("id", .string(id)), ("attributes", .object(attributes))]
        if !relationships.isEmpty { data.append(("relationships", .object(relationships))) }
        return ["data": .object(data)]
    }
}

extension Context {
    /// Creates a Device Group and returns the new resource (no message: callers say what they made).
    public func createDeviceGroup(type: String, productID: String, _ changes: DeviceGroupChanges) throws(PluginFailure) -> Value {
        try requestResource("POST", "/devicegroups", body: changes.createBody(type: type, productID: productID))
    }

    /// Changes a Device Group (no message).
    public func updateDeviceGroup(_ group: Entity, _ changes: DeviceGroupChanges) throws(PluginFailure) {
        try request("PATCH", "/devicegroups/\(group.id)", body: changes.updateBody(type: group.data["type"]?.string ?? "", id: group.id))
    }
}
