import ImptPluginAPI
import ImptPluginKit

/// A production or DUT target of a new pre-factory group: an existing group (already checked
/// for type and Product) or one to create by the given name.
struct PlannedTarget {
    let kind: GroupTarget
    let identifier: String
    let parentType: String
    let existing: Entity?

    /// Looks the target up. A missing target is an error unless its `--create-*` option is given.
    static func find(
        _ context: Context, _ kind: GroupTarget, _ wanted: ProjectCreate.TargetRequest, parentType: String, productID: String
    ) throws(PluginFailure) -> PlannedTarget {
        let existing = try kind.find(context, identifier: wanted.identifier, parentType: parentType, productID: productID)
        if existing == nil, !wanted.create { throw kind.notFound(context, identifier: wanted.identifier) }
        return PlannedTarget(kind: kind, identifier: wanted.identifier, parentType: parentType, existing: existing)
    }

    /// The relationship member for the new group, creating the target first when needed.
    func relationship(_ context: Context, productID: String) throws(PluginFailure) -> (String, JSONLiteral) {
        if let existing { return kind.member(existing) }
        let type = kind.requiredType(forParent: parentType)
        let id = try NewDeviceGroup.create(context, name: identifier, apiType: type, description: nil, productID: productID)
        return (kind.relationship, ["type": .string(type), "id": .string(id)])
    }
}

/// Creating a Device Group by name, with the original's message.
enum NewDeviceGroup {
    /// Returns the new group's id.
    static func create(
        _ context: Context, name: String, apiType: String, description: String?, productID: String,
        relationships: [(String, JSONLiteral)] = []
    ) throws(PluginFailure) -> String {
        let created = try context.createDeviceGroup(
            type: apiType, productID: productID,
            DeviceGroupChanges(name: name, description: description, relationships: relationships))
        context.info(Messages.created(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, name)))
        return created.id ?? ""
    }
}
