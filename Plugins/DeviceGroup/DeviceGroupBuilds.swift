import ImptPluginAPI
import ImptPluginKit

/// `impt dg builds`.
struct DeviceGroupBuilds: Command {
    static let configuration = CommandConfiguration(
        name: "builds", summary: "Shows and cleans up the builds (Deployments) of a Device Group.",
        description: "Lists the Deployments of a Device Group. --unflag unflags all of them, --unflag-old only those "
            + "older than the Min supported Deployment; --remove deletes the unflagged ones older than the Min supported "
            + "Deployment (asking for confirmation first).")

    @Option(deviceGroupOption) var group: String?
    @Option("unflag", "u", help: "Sets \"flagged\" to false on every Deployment of the Device Group.") var unflag: Bool
    @Option("unflag-old", "o", help: "Sets \"flagged\" to false on the Deployments older than the Min supported Deployment.")
    var unflagOld: Bool
    @Option("remove", "r", help: "Deletes the unflagged Deployments older than the Min supported Deployment.") var remove: Bool
    @Option("confirmed", "q", help: "Deletes without asking for confirmation.") var confirmed: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let found = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, group)
        let groupName = Messages.entity(IMPT_ENTITY_DEVICE_GROUP, found.ref)
        var minimum: Value?
        if let minimumID = found.data.lookup("relationships.min_supported_deployment.id")?.string, (unflagOld && !unflag) || remove {
            minimum = try context.resolve(IMPT_ENTITY_DEPLOYMENT, minimumID, flags: UInt32(IMPT_RESOLVE_ID_ONLY)).data
        }
        func olderThanMinimum(_ builds: [Value]) -> [Value] {
            guard let minimum else { return builds }
            return builds.filter { DeploymentOrder.isOlder($0, than: minimum) }
        }
        let byGroup: [(String, JSONLiteral)] = [("filter[devicegroup.id]", .string(found.id))]

        if unflag || unflagOld {
            var flagged = try context.list("/deployments", query: .object(byGroup + [("filter[flagged]", "true")]))
            if unflagOld && !unflag { flagged = olderThanMinimum(flagged) }
            if flagged.isEmpty {
                context.info("No \"flagged\" Deployments are found for \(groupName).")
            } else {
                try Self.unflagAll(context, flagged)
            }
        }
        if remove {
            let removable = olderThanMinimum(try context.list("/deployments", query: .object(byGroup + [("filter[flagged]", "false")])))
            if removable.isEmpty {
                context.info("No Deployments that can be deleted are found for \(groupName).")
            } else {
                var plan = DeletionPlan()
                for build in removable { plan.delete(IMPT_ENTITY_DEPLOYMENT, ref: build.id ?? "", build) }
                try plan.run(context, confirmed: confirmed)
            }
        }
        try context.printList(IMPT_ENTITY_DEPLOYMENT, try context.list("/deployments", query: .object(byGroup)))
    }

    /// `PATCH flagged: false` on each, concurrently; one line per Deployment in list order.
    private static func unflagAll(_ context: Context, _ builds: [Value]) throws(PluginFailure) {
        let requests: [JSONLiteral] = builds.map { build in
            let id = build.id ?? ""
            return [
                "method": "PATCH", "path": .string("/deployments/\(id)"),
                "body": ["data": ["type": "deployment", "id": .string(id), "attributes": ["flagged": false]]],
            ]
        }
        let outcome = try context.bulk(requests, progressLabel: "Unflagging Deployments")
        for result in outcome.results where result.status != Int32(IMPT_ERR_INTERRUPTED.rawValue) {
            guard result.succeeded else { throw context.fail(impt_status(rawValue: UInt32(bitPattern: result.status)), result.message) }
            context.info(Messages.updated(Messages.entity(IMPT_ENTITY_DEPLOYMENT, builds[result.index].id ?? "")))
        }
        if outcome.stopped {
            throw context.fail(IMPT_ERR_INTERRUPTED, "Interrupted: the other Deployments were not unflagged.")
        }
    }
}
