import ImptPluginAPI

/// The production and DUT targets of (pre-)factory Device Groups, given by `--target` and `--dut`.
public enum GroupTarget: Sendable {
    case production
    case dut

    public var option: String { self == .production ? "target" : "dut" }
    public var relationship: String { self == .production ? "production_target" : "dut_target" }
    /// How messages name it.
    public var title: String { self == .production ? "Production Target" : "DUT Target" }

    /// The type a target of a group of `parentType` must have.
    public func requiredType(forParent parentType: String) -> String {
        let pre = parentType == GroupKinds.preFactory
        switch self {
        case .production: return pre ? GroupKinds.preProduction : GroupKinds.production
        case .dut: return pre ? GroupKinds.preDUT : GroupKinds.dut
        }
    }

    /// The failure for giving this option on a group of a type without targets, or nil.
    public func misuse(_ context: Context, parentType: String) -> PluginFailure? {
        guard !GroupKinds.hasTargets(parentType) else { return nil }
        return context.fail(
            IMPT_ERR_INVALID_ARGUMENT,
            GroupKinds.wrongTypeMessage(option: option, apiType: parentType, allowed: (GroupKinds.preFactory, GroupKinds.factory)))
    }

    /// The relationship members for `--target` and `--dut` (production target first, as the
    /// original checks them).
    public static func relationships(
        _ context: Context, target: String?, dut: String?, parentType: String, productID: String
    ) throws(PluginFailure) -> [(String, JSONLiteral)] {
        var members: [(String, JSONLiteral)] = []
        for (kind, identifier) in [(GroupTarget.production, target), (.dut, dut)] {
            guard let identifier else { continue }
            members.append(try kind.relationship(context, identifier: identifier, parentType: parentType, productID: productID))
        }
        return members
    }

    /// Finds the target group and checks its type and Product; returns the relationship member
    /// `("production_target", {"type", "id"})` for a create or update request.
    public func relationship(
        _ context: Context, identifier: String, parentType: String, productID: String
    ) throws(PluginFailure) -> (String, JSONLiteral) {
        guard let group = try find(context, identifier: identifier, parentType: parentType, productID: productID) else {
            throw notFound(context, identifier: identifier)
        }
        return member(group)
    }

    /// The target group an identifier names, checked for type and Product; nil when no group
    /// has that identifier.
    public func find(_ context: Context, identifier: String, parentType: String, productID: String) throws(PluginFailure)
        -> Entity?
    {
        if let misuse = misuse(context, parentType: parentType) { throw misuse }
        let group: Entity
        do {
            group = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, identifier, flags: UInt32(IMPT_RESOLVE_NO_PROJECT))
        } catch where error.status == Int32(IMPT_ERR_NOT_FOUND.rawValue) {
            context.clearError()
            return nil
        }
        let type = group.data["type"]?.string ?? ""
        let required = requiredType(forParent: parentType)
        guard type == required else {
            throw context.fail(
                IMPT_ERR_INVALID_ARGUMENT,
                "\(title) \(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, identifier)) is of the type \"\(GroupKinds.name(type))\" "
                    + "but must be of the type \"\(GroupKinds.name(required))\".")
        }
        guard group.data.related("product") == productID else {
            throw context.fail(IMPT_ERR_INVALID_ARGUMENT, "\(title) Device Group must be from the same Product.")
        }
        return group
    }

    /// `<Title> Device Group "<identifier>" is not found.`
    public func notFound(_ context: Context, identifier: String) -> PluginFailure {
        context.fail(IMPT_ERR_NOT_FOUND, "\(title) \(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, identifier)) is not found.")
    }

    /// The relationship member naming an existing group.
    public func member(_ group: Entity) -> (String, JSONLiteral) {
        (relationship, ["type": .string(group.data["type"]?.string ?? ""), "id": .string(group.id)])
    }
}
