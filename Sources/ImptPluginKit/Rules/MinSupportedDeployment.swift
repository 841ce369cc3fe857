import ImptPluginAPI

/// A Device Group's Min supported Deployment: devices running an older one are told to update.
public enum MinSupportedDeployment {
    /// Refuses making `deployment` the Min supported Deployment of `group` when it is older than
    /// the current one (which would let devices fall back). A group without one accepts any.
    public static func checkNotEarlier(_ context: Context, group: Entity, deployment: Value) throws(PluginFailure) {
        guard let currentID = group.data.related("min_supported_deployment"), currentID != deployment.id else { return }
        let current = try context.resolve(IMPT_ENTITY_DEPLOYMENT, currentID, flags: UInt32(IMPT_RESOLVE_ID_ONLY))
        if DeploymentOrder.isOlder(deployment, than: current.data) {
            throw context.fail(
                IMPT_ERR_INVALID_ARGUMENT,
                "Min supported Deployment cannot be set to an earlier Deployment than the current Min supported Deployment.")
        }
    }

    /// Sets it; with `quiet` false says so as the original does.
    public static func set(_ context: Context, group: Entity, deploymentID: String, quiet: Bool = false) throws(PluginFailure) {
        try context.request(
            "PUT", "/devicegroups/\(group.id)/relationships/min_supported_deployment",
            body: ["data": ["type": "deployment", "id": .string(deploymentID)]])
        if !quiet {
            context.info("Min supported Deployment for \(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, group.ref)) is updated successfully.")
        }
    }
}
