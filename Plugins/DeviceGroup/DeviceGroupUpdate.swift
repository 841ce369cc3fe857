import ImptPluginAPI
import ImptPluginKit

/// `impt dg update`.
struct DeviceGroupUpdate: Command {
    static let configuration = CommandConfiguration(
        name: "update", summary: "Updates a Device Group.",
        description: "Changes the name, description, targets, environment variables, Min supported Deployment or, for "
            + "production and pre-production Device Groups, when code loads after blessing.")

    @Option(deviceGroupOption) var group: String?
    @Option("name", "n", value: "device_group_name", help: "New name of the Device Group.") var name: String?
    @Option("descr", "s", value: "device_group_description", help: "New description of the Device Group.", allowEmpty: true)
    var description: String?
    @Option(dutOption) var dut: String?
    @Option(targetOption) var target: String?
    @Option(
        "load-code-after-blessing", "l",
        help: "Whether blessed devices of a production or pre-production Device Group load its code at once (true) "
            + "or at their first BlinkUp connection (false).")
    var loadCodeAfterBlessing: Bool?
    @Option(
        "min-supported-deployment", "m", value: "BUILD_IDENTIFIER",
        help: "A Deployment of this Device Group, not older than the current one, to become its Min supported Deployment.")
    var minimumDeployment: String?
    @Option(environmentOption) var environment: String?

    func run(_ context: Context) throws(PluginFailure) {
        let variables = try EnvironmentVariables.parse(context, environment)
        let found = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, group)
        let type = found.data["type"]?.string ?? ""
        let productID = found.data.lookup("relationships.product.id")?.string ?? ""
        let relationships = try GroupTarget.relationships(
            context, target: target, dut: dut, parentType: type, productID: productID)
        if loadCodeAfterBlessing != nil, !GroupKinds.isProduction(type) {
            throw context.fail(
                IMPT_ERR_INVALID_ARGUMENT,
                GroupKinds.wrongTypeMessage(
                    option: "load-code-after-blessing", apiType: type, allowed: (GroupKinds.preProduction, GroupKinds.production)))
        }
        let minimum = try minimumDeployment.map { identifier throws(PluginFailure) in
            try MinimumDeployment.check(context, identifier, group: found)
        }

        // The attributes go first: the server may still refuse them (a duplicate name, bad
        // variables), and then nothing has changed. The messages keep the original's order.
        try context.updateDeviceGroup(
            found,
            DeviceGroupChanges(
                name: name, description: description, loadCodeAfterBlessing: loadCodeAfterBlessing, environment: variables,
                relationships: relationships))
        if let minimum { try MinSupportedDeployment.set(context, group: found, deploymentID: minimum) }
        context.info(Messages.updated(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, found.ref)))
    }
}

/// `--min-supported-deployment`: the Deployment must belong to the group and must not be older
/// than the group's current Min supported Deployment.
enum MinimumDeployment {
    /// The id of the Deployment to set.
    static func check(_ context: Context, _ identifier: String, group: Entity) throws(PluginFailure) -> String {
        let build = try context.resolve(IMPT_ENTITY_DEPLOYMENT, identifier, flags: UInt32(IMPT_RESOLVE_NO_PROJECT))
        guard build.data.lookup("relationships.devicegroup.id")?.string == group.id else {
            throw context.fail(
                IMPT_ERR_INVALID_ARGUMENT,
                "\(Messages.entity(IMPT_ENTITY_DEPLOYMENT, identifier)) does not belong to "
                    + "\(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, group.ref)). Impossible to set it as Min supported Deployment.")
        }
        // A group without a Min supported Deployment accepts any of its Deployments (the original
        // crashed here).
        try MinSupportedDeployment.checkNotEarlier(context, group: group, deployment: build.data)
        return build.id
    }
}
