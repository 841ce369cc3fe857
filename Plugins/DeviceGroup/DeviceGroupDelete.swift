import ImptPluginAPI
import ImptPluginKit

/// `impt dg delete`.
struct DeviceGroupDelete: Command {
    static let configuration = CommandConfiguration(
        name: "delete", summary: "Deletes a Device Group.",
        description: "Deletes a Device Group together with its Deployments. A group with devices, flagged Deployments "
            + "or groups that use it as a target is deleted only with --force, which unassigns the devices, unflags "
            + "the Deployments and deletes those groups first. Asks for confirmation first.")

    @Option(deviceGroupOption) var group: String?
    @Option(
        "force", "f",
        help: "Also unassigns the devices, unflags the flagged Deployments and deletes the Device Groups that target it.")
    var force: Bool
    @Option("confirmed", "q", help: "Deletes without asking for confirmation.") var confirmed: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let found = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, group)
        var plan = DeletionPlan()
        plan.delete(IMPT_ENTITY_DEVICE_GROUP, ref: found.ref, found.data)
        if force {
            try plan.clear(context, groupID: found.id)
            if !plan.unassignDevices.isEmpty, found.data["type"]?.string == GroupKinds.production {
                throw context.fail(
                    IMPT_ERR_INVALID_ARGUMENT,
                    "Devices can be unassigned from production \(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, found.ref)) only with "
                        + "their unbond key: use \"impt dg unassign --unbond <unbond_key>\" first.")
            }
            for targeting in try Self.targetingGroups(context, found) {
                guard let id = targeting.id else { continue }
                plan.delete(IMPT_ENTITY_DEVICE_GROUP, ref: id, targeting)
                try plan.clear(context, groupID: id)
            }
        }
        try plan.run(context, confirmed: confirmed)
    }

    /// The (pre-)factory groups of the same Product whose production or DUT target is `group`.
    private static func targetingGroups(_ context: Context, _ group: Entity) throws(PluginFailure) -> [Value] {
        guard GroupKinds.canBeTarget(group.data["type"]?.string ?? ""),
            let productID = group.data.lookup("relationships.product.id")?.string
        else { return [] }
        return try context.list("/devicegroups", query: ["filter[product.id]": .string(productID)]).filter { candidate in
            candidate.lookup("relationships.production_target.id")?.string == group.id
                || candidate.lookup("relationships.dut_target.id")?.string == group.id
        }
    }
}
