import ImptPluginAPI
import ImptPluginKit

/// `impt build run`.
enum BuildRun {
    static let definition = CommandDefinition(
        name: "run", summary: "Creates a Deployment from source files and restarts the Device Group's devices.",
        description: "Does what \"impt build deploy\" does, then makes the new Deployment the Device Group's Min "
            + "supported Deployment, sets the Device Group's description to --descr (as the original impt does) and "
            + "restarts every device of the Device Group, or with --conditional asks them to restart when they can. "
            + "With --watch (in a Project) it then streams the Devices' logs and deploys again on every save of the "
            + "device or agent file, until Ctrl-C.",
        options: BuildOptions.deployment + [
            .flag("conditional", "c", help: "Conditional restart: devices running the Min supported Deployment or newer may defer it."),
            LogStreamOptions.log,
            LogStreamOptions.noReconnect,
            .flag(
                "watch", "w",
                help: "In a Project: after the run, streams the logs (as --log) and on every save of the device or agent "
                    + "file deploys the new code and restarts the Devices again, until Ctrl-C."),
        ],
        handler: cHandler(handler))

    static let handler:
        @convention(c) (CContext, CString, CString, CString, CString, CString, CStringList, Int32, Bool, Bool, Bool, Bool) -> Int32 = {
        ctx, group, deviceFile, agentFile, description, origin, tags, flagged, conditional, log, noReconnect, watch in
        Context.run(ctx) { context throws(PluginFailure) in
            let request = NewDeployment(
                group: Arguments.string(group), deviceFile: Arguments.string(deviceFile), agentFile: Arguments.string(agentFile),
                description: Arguments.string(description), origin: Arguments.string(origin), tags: Arguments.list(tags),
                flagged: Arguments.boolean(flagged))
            try run(context, request, conditional: conditional, log: log, reconnect: !noReconnect, watch: watch)
        }
    }

    static func run(_ context: Context, _ request: NewDeployment, conditional: Bool, log: Bool, reconnect: Bool, watch: Bool)
        throws(PluginFailure)
    {
        if watch { try BuildWatch.requireProject(context) }
        if log || watch {
            // Refused before anything is deployed.
            try LogDevices.checkGroup(context, try context.resolve(IMPT_ENTITY_DEVICE_GROUP, request.group))
        }
        let watcher = watch ? try BuildWatch(context, request, conditional: conditional) : nil
        let (target, created) = try request.send(context, code: watcher.map { $0.first.code(context) })
        // Read the group again: creating the Deployment changed it.
        let group = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, target.id, flags: UInt32(IMPT_RESOLVE_ID_ONLY))
        let groupName = Messages.entity(IMPT_ENTITY_DEVICE_GROUP, target.ref)
        let build = try context.resolve(IMPT_ENTITY_DEPLOYMENT, created.id, flags: UInt32(IMPT_RESOLVE_ID_ONLY))
        try setMinSupported(context, group: group, groupName: groupName, build: build)
        let attributes: JSONLiteral = request.description.map { ["description": .string($0)] } ?? .object([])
        try context.request(
            "PATCH", "/devicegroups/\(group.id)",
            body: ["data": ["type": .string(group.data["type"]?.string ?? ""), "id": .string(group.id), "attributes": attributes]])
        context.info(Messages.updated(groupName))
        let devices = try GroupRestart.restart(context, group: group, name: groupName, conditional: conditional)
        guard log || watch, watcher != nil || !devices.isEmpty else { return }
        context.info("\(Deployments.name(build.id)) is run successfully.")
        let streamer = LogStreamer(context: context, deviceIDs: devices.compactMap(\.id), reconnect: reconnect)
        streamer.companion = watcher?.companion(group: target)
        try streamer.run()
    }

    /// Makes the new Deployment the group's Min supported Deployment, unless that would move the
    /// minimum back in time.
    private static func setMinSupported(_ context: Context, group: Entity, groupName: String, build: Entity) throws(PluginFailure) {
        if let currentID = group.data.related("min_supported_deployment"), currentID != build.id {
            let current = try context.resolve(IMPT_ENTITY_DEPLOYMENT, currentID, flags: UInt32(IMPT_RESOLVE_ID_ONLY))
            if Deployments.createdAt(build.data) < Deployments.createdAt(current.data) {
                throw context.fail(
                    IMPT_ERR_FAILED,
                    "Min supported Deployment cannot be set to an earlier Deployment than the current Min supported Deployment.")
            }
        }
        try context.request(
            "PUT", "/devicegroups/\(group.id)/relationships/min_supported_deployment",
            body: ["data": ["type": "deployment", "id": .string(build.id)]])
        context.info("Min supported Deployment for \(groupName) is updated successfully.")
    }
}

/// Restarting every device of a Device Group, with the original's messages.
enum GroupRestart {
    /// Restarts the group's devices and returns them (none when the group has none).
    @discardableResult
    static func restart(_ context: Context, group: Entity, name: String, conditional: Bool) throws(PluginFailure) -> [Value] {
        let devices = try context.list("/devices", query: ["filter[devicegroup.id]": .string(group.id)])
        guard !devices.isEmpty else {
            context.info("\(name) does not have assigned Devices.")
            return []
        }
        try context.request("POST", "/devicegroups/\(group.id)/\(conditional ? "conditional_restart" : "restart")")
        context.info("\(conditional ? "Conditional restart" : "Restart") request for Devices assigned to \(name) is successful:")
        var shown: [JSONLiteral] = []
        for device in devices { shown.append(.value(try context.display(IMPT_ENTITY_DEVICE, IMPT_DISPLAY_SHORT, device))) }
        context.infoResult(context.make(.array(shown)))
        return devices
    }
}
