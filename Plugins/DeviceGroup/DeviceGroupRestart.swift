import ImptPluginAPI
import ImptPluginKit

/// `impt dg restart`.
enum DeviceGroupRestart {
    static let definition = CommandDefinition(
        name: "restart", summary: "Restarts the devices of a Device Group.",
        description: "Reboots every device assigned to a Device Group. With --conditional, devices running the Min "
            + "supported Deployment or newer are only told that new code is available and may choose when to restart.",
        options: [
            deviceGroupOption,
            .flag("conditional", "c", help: "Conditional restart: devices on recent code decide when to restart."),
            LogStreamOptions.log,
            LogStreamOptions.noReconnect,
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, Bool, Bool, Bool) -> Int32 = { ctx, group, conditional, log, noReconnect in
        Context.run(ctx) { context throws(PluginFailure) in
            try run(context, group: Arguments.string(group), conditional: conditional, log: log, reconnect: !noReconnect)
        }
    }

    static func run(_ context: Context, group identifier: String?, conditional: Bool, log: Bool, reconnect: Bool)
        throws(PluginFailure)
    {
        let group = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, identifier)
        if log { try LogDevices.checkGroup(context, group) }  // refused before anything is restarted
        let devices = try GroupDevices.list(context, group: group)
        guard !devices.isEmpty else {
            context.info(GroupDevices.noneMessage(group))
            return
        }
        try context.request("POST", "/devicegroups/\(group.id)/\(conditional ? "conditional_restart" : "restart")")
        let subject = Messages.entity(IMPT_ENTITY_DEVICE_GROUP, group.ref)
        let message = conditional
            ? "Conditional restart request for Devices assigned to \(subject) is successful:"
            : "Restart request for Devices assigned to \(subject) is successful:"
        try GroupDevices.report(context, message, devices)
        if log { try LogStreamer(context: context, deviceIDs: devices.compactMap(\.id), reconnect: reconnect).run() }
    }
}
