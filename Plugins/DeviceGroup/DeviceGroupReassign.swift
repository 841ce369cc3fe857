import ImptPluginAPI
import ImptPluginKit

/// `impt dg reassign`.
struct DeviceGroupReassign: Command {
    static let configuration = CommandConfiguration(
        name: "reassign", summary: "Moves all devices of one Device Group to another.",
        description: "Reassigns every device of the Device Group given by --from to the Device Group given by --to.")

    @Option(
        "from", "f", value: "DEVICE_GROUP_IDENTIFIER", help: "The Device Group the devices leave: id, name or {account}{product}{dg}.",
        required: true)
    var from: String
    @Option(
        "to", "t", value: "DEVICE_GROUP_IDENTIFIER", help: "The Device Group the devices join: id, name or {account}{product}{dg}.",
        fromProject: true)
    var to: String?

    func run(_ context: Context) throws(PluginFailure) {
        let target = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, to)
        let origin = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, from, flags: UInt32(IMPT_RESOLVE_NO_PROJECT))
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
