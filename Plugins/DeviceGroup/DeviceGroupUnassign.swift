import ImptPluginAPI
import ImptPluginKit

/// `impt dg unassign`.
enum DeviceGroupUnassign {
    static let definition = CommandDefinition(
        name: "unassign", summary: "Unassigns all devices from a Device Group.",
        description: "Unassigns every device from a Device Group. Devices of a production Device Group are unassigned "
            + "only with their unbond key (--unbond).",
        options: [
            deviceGroupOption,
            .string("unbond", "u", value: "unbond_key", help: "The unbond key, needed for production Device Groups.", allowEmpty: true),
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, CString) -> Int32 = { ctx, group, unbond in
        Context.run(ctx) { context throws(PluginFailure) in
            try run(context, group: Arguments.string(group), unbondKey: Arguments.string(unbond))
        }
    }

    static func run(_ context: Context, group identifier: String?, unbondKey: String?) throws(PluginFailure) {
        let group = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, identifier)
        let devices = try GroupDevices.list(context, group: group)
        guard !devices.isEmpty else {
            context.info(GroupDevices.noneMessage(group))
            return
        }
        let headers = unbondKey.map { $0.isEmpty ? [] : ["X-Electricimp-Key: \($0)"] } ?? []
        try context.request("DELETE", "/devicegroups/\(group.id)/relationships/devices", body: GroupDevices.body(devices), headers: headers)
        let message = "The following Devices are unassigned successfully from \(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, group.ref)):"
        try GroupDevices.report(context, message, devices)
    }
}
