import ImptPluginAPI
import ImptPluginKit

/// `impt dg builds`.
enum DeviceGroupBuilds {
    static let definition = CommandDefinition(
        name: "builds", summary: "Shows and cleans up the builds (Deployments) of a Device Group.",
        description: "Lists the Deployments of a Device Group. --unflag unflags all of them, --unflag-old only those "
            + "older than the Min supported Deployment; --remove deletes the unflagged ones older than the Min supported "
            + "Deployment (asking for confirmation first).",
        options: [
            deviceGroupOption,
            .flag("unflag", "u", help: "Sets \"flagged\" to false on every Deployment of the Device Group."),
            .flag("unflag-old", "o", help: "Sets \"flagged\" to false on the Deployments older than the Min supported Deployment."),
            .flag("remove", "r", help: "Deletes the unflagged Deployments older than the Min supported Deployment."),
            .flag("confirmed", "q", help: "Deletes without asking for confirmation."),
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, Bool, Bool, Bool, Bool) -> Int32 = {
        ctx, group, unflag, unflagOld, remove, confirmed in
        Context.run(ctx) { context throws(PluginFailure) in
            try run(context, group: Arguments.string(group), unflag: unflag, unflagOld: unflagOld, remove: remove, confirmed: confirmed)
        }
    }

    static func run(_ context: Context, group identifier: String?, unflag: Bool, unflagOld: Bool, remove: Bool, confirmed: Bool)
        throws(PluginFailure)
    {
        let group = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, identifier)
        let groupName = Messages.entity(IMPT_ENTITY_DEVICE_GROUP, group.ref)
        var minimum: Value?
        if let minimumID = group.data.lookup("relationships.min_supported_deployment.id")?.string, (unflagOld && !unflag) || remove {
            minimum = try context.resolve(IMPT_ENTITY_DEPLOYMENT, minimumID, flags: UInt32(IMPT_RESOLVE_ID_ONLY)).data
        }
        func olderThanMinimum(_ builds: [Value]) -> [Value] {
            guard let minimum else { return builds }
            return builds.filter { Deployments.isOlder($0, than: minimum) }
        }
        let byGroup: [(String, JSONLiteral)] = [("filter[devicegroup.id]", .string(group.id))]

        if unflag || unflagOld {
            var flagged = try context.list("/deployments", query: .object(byGroup + [("filter[flagged]", "true")]))
            if unflagOld && !unflag { flagged = olderThanMinimum(flagged) }
            if flagged.isEmpty {
                context.info("No \"flagged\" Deployments are found for \(groupName).")
            } else {
                try unflagAll(context, flagged)
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
