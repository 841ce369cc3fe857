import ImptPluginAPI
import ImptPluginKit

/// `impt build delete`.
struct BuildDelete: Command {
    static let configuration = CommandConfiguration(
        name: "delete", summary: "Deletes a Deployment.",
        description: "Deletes a Deployment after confirmation. The Min supported Deployment of a Device Group and "
            + "newer Deployments of that group cannot be deleted. A flagged Deployment is deleted only with --force, "
            + "which unflags it first.")

    @Option("build", "b", value: "BUILD_IDENTIFIER", help: BuildOptions.identifierHelp, required: true)
    var identifier: String
    @Option("force", "f", help: "Unflags the Deployment first if it is flagged.") var force: Bool
    @Option(BuildOptions.confirmed) var confirmed: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let build = try context.resolve(IMPT_ENTITY_DEPLOYMENT, identifier, flags: UInt32(IMPT_RESOLVE_NO_PROJECT))
        try Self.checkNotInUse(context, build)
        let flagged = build.data["attributes"]?["flagged"]?.bool == true
        try context.delete(
            [
                "entities": [DeletionPlan.entity(IMPT_ENTITY_DEPLOYMENT, ref: build.ref, build.data)],
                "unflag_deployments": force && flagged ? [.value(build.data)] : [],
            ],
            confirmed: confirmed)
    }

    /// Refuses a Deployment that is its Device Group's Min supported Deployment or newer.
    private static func checkNotInUse(_ context: Context, _ build: Entity) throws(PluginFailure) {
        guard let groupID = build.data.related("devicegroup") else { return }
        let flags = UInt32(IMPT_RESOLVE_ID_ONLY) | UInt32(IMPT_RESOLVE_NO_PROJECT)
        let group = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, groupID, flags: flags)
        guard let minimumID = group.data.related("min_supported_deployment") else { return }
        if minimumID != build.id {
            let minimum = try context.resolve(IMPT_ENTITY_DEPLOYMENT, minimumID, flags: flags)
            if DeploymentOrder.isOlder(build.data, than: minimum.data) { return }
        }
        throw context.fail(
            IMPT_ERR_FAILED,
            "Impossible to delete \(Deployments.name(build.ref)). It is the Min supported Deployment or newer for "
                + "\(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, groupID)).")
    }
}
