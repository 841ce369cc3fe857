import ImptPluginAPI
import ImptPluginKit

/// `impt dg unassign`.
struct DeviceGroupUnassign: Command {
    static let configuration = CommandConfiguration(
        name: "unassign", summary: "Unassigns all devices from a Device Group.",
        description: "Unassigns every device from a Device Group. Devices of a production Device Group are unassigned "
            + "only with their unbond key (--unbond).")

    @Option(deviceGroupOption) var group: String?
    @Option("unbond", "u", value: "unbond_key", help: "The unbond key, needed for production Device Groups.", allowEmpty: true)
    var unbondKey: String?

    func run(_ context: Context) throws(PluginFailure) {
        let found = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, group)
        let devices = try GroupDevices.list(context, group: found)
        guard !devices.isEmpty else {
            context.info(GroupDevices.noneMessage(found))
            return
        }
        let headers = unbondKey.map { $0.isEmpty ? [] : ["X-Electricimp-Key: \($0)"] } ?? []
        try context.request("DELETE", "/devicegroups/\(found.id)/relationships/devices", body: GroupDevices.body(devices), headers: headers)
        let message = "The following Devices are unassigned successfully from \(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, found.ref)):"
        try GroupDevices.report(context, message, devices)
    }
}
