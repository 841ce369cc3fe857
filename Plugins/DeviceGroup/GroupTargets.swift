import ImptPluginAPI
import ImptPluginKit

/// `--dut` and `--target` of create and update.
let dutOption = OptionDefinition.string(
    "dut", "u", value: "DEVICE_GROUP_IDENTIFIER",
    help: "The DUT target of a factory (a dut group) or pre-factory (a pre-dut group) Device Group, from the same Product.")
let targetOption = OptionDefinition.string(
    "target", "t", value: "DEVICE_GROUP_IDENTIFIER",
    help: "The production target of a factory (a production group) or pre-factory (a pre-production group) Device Group, "
        + "from the same Product.")

/// The production and DUT targets of (pre-)factory Device Groups, given by `--target` and `--dut`.
enum GroupTarget {
    case production
    case dut

    var option: String { self == .production ? "target" : "dut" }
    var relationship: String { self == .production ? "production_target" : "dut_target" }
    /// How messages name it.
    var title: String { self == .production ? "Production Target" : "DUT Target" }

    /// The type a target of a group of `parentType` must have.
    func requiredType(forParent parentType: String) -> String {
        let pre = parentType == GroupKinds.preFactory
        switch self {
        case .production: return pre ? GroupKinds.preProduction : GroupKinds.production
        case .dut: return pre ? GroupKinds.preDUT : GroupKinds.dut
        }
    }

    /// The failure for giving this option on a group of a type without targets, or nil.
    func misuse(_ context: Context, parentType: String) -> PluginFailure? {
        guard !GroupKinds.hasTargets(parentType) else { return nil }
        return context.fail(
            IMPT_ERR_INVALID_ARGUMENT,
            GroupKinds.wrongTypeMessage(option: option, apiType: parentType, allowed: (GroupKinds.preFactory, GroupKinds.factory)))
    }

    /// The relationship members for `--target` and `--dut` (production target first, as the
    /// original checks them).
    static func relationships(
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
    func relationship(
        _ context: Context, identifier: String, parentType: String, productID: String
    ) throws(PluginFailure) -> (String, JSONLiteral) {
        if let misuse = misuse(context, parentType: parentType) { throw misuse }
        let group: Entity
        do {
            group = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, identifier, flags: UInt32(IMPT_RESOLVE_NO_PROJECT))
        } catch where error.status == Int32(IMPT_ERR_NOT_FOUND.rawValue) {
            context.clearError()
            throw context.fail(IMPT_ERR_NOT_FOUND, "\(title) \(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, identifier)) is not found.")
        }
        let type = group.data["type"]?.string ?? ""
        let required = requiredType(forParent: parentType)
        guard type == required else {
            throw context.fail(
                IMPT_ERR_INVALID_ARGUMENT,
                "\(title) \(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, identifier)) is of the type \"\(GroupKinds.name(type))\" "
                    + "but must be of the type \"\(GroupKinds.name(required))\".")
        }
        guard group.data.lookup("relationships.product.id")?.string == productID else {
            throw context.fail(IMPT_ERR_INVALID_ARGUMENT, "\(title) Device Group must be from the same Product.")
        }
        return (relationship, ["type": .string(type), "id": .string(group.id)])
    }
}
