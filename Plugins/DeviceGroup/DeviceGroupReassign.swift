import ImptPluginAPI
import ImptPluginKit

/// `impt dg reassign`.
enum DeviceGroupReassign {
    static let definition = CommandDefinition(
        name: "reassign", summary: "Moves all devices of one Device Group to another.",
        description: "Reassigns every device of the Device Group given by --from to the Device Group given by --to.",
        options: [
            .string(
                "from", "f", value: "DEVICE_GROUP_IDENTIFIER", help: "The Device Group the devices leave: id, name or {account}{product}{dg}.",
                required: true),
            .string(
                "to", "t", value: "DEVICE_GROUP_IDENTIFIER", help: "The Device Group the devices join: id, name or {account}{product}{dg}.",
                fromProject: true),
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, CString) -> Int32 = { ctx, from, to in
        Context.run(ctx) { context throws(PluginFailure) in
            try run(context, from: Arguments.string(from) ?? "", to: Arguments.string(to))
        }
    }

    static func run(_ context: Context, from source: String, to destination: String?) throws(PluginFailure) {
        let target = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, destination)
        let origin = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, source, flags: UInt32(IMPT_RESOLVE_NO_PROJECT))
        let devices = try GroupDevices.list(context, group: origin)
        guard !devices.isEmpty else {
            context.info(GroupDevices.noneMessage(origin))
            return
        }
        try context.request("POST", "/devicegroups/\(target.id)/relationships/devices", body: GroupDevices.body(devices))
        let message = "The following Devices assigned to \(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, origin.ref)) "
            + "are reassigned successfully to \(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, target.ref)):"
        try GroupDevices.report(context, message, devices)
    }
}
