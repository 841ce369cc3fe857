import ImptPluginAPI
import ImptPluginKit

/// `impt device assign`.
struct DeviceAssign: Command {
    static let configuration = CommandConfiguration(
        name: "assign", summary: "Assigns one or more Devices to a Device Group.",
        description: "Assigns Devices to a Device Group. A Device assigned to another Device Group is moved, after "
            + "confirmation. Production Device Groups receive Devices by blessing only.")

    @Option(devicesOption) var deviceIdentifiers: [String]
    @Option(
        "dg", "g", value: "DEVICE_GROUP_IDENTIFIER",
        help: "The Device Group: its id or name, or {account}{product}{device group}.", fromProject: true)
    var groupIdentifier: String?
    @Option(confirmedOption) var confirmed: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let selection = try DeviceSelection.parse(deviceIdentifiers, context: context)
        let devices = try DeviceLookup.all(context, selection)
        let group = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, groupIdentifier)
        let target = Messages.entity(IMPT_ENTITY_DEVICE_GROUP, group.ref)
        var steps: [DeviceStep] = []
        var moves: [String] = []
        for device in devices {
            if device.groupID == group.id {
                steps.append(.known(device, .done("already_assigned", "\(device.subject) is already assigned to \(target).")))
                continue
            }
            if device.groupID != nil {
                moves.append("\(device.subject) is assigned to another Device Group. It will be reassigned to \(target).")
            }
            steps.append(
                DeviceStep(
                    device: device,
                    request: DeviceRequest(
                        method: "POST", path: "/devicegroups/\(group.id)/relationships/devices", body: DeviceRequest.deviceList(device.id)),
                    outcome: .done("assigned", "\(device.subject) is assigned successfully to \(target).")))
        }
        if steps.contains(where: { $0.request != nil }), group.data["type"]?.string == DeviceGroupTypes.apiType(ofName: "production") {
            throw context.fail(
                IMPT_ERR_FAILED,
                "Devices can not be assigned to \(target) of the type \"production\": production Devices join it only by blessing.")
        }
        if !moves.isEmpty && !confirmed { try context.confirm(moves.joined(separator: "\n")) }
        let fleet = DeviceFleet(context, selection)
        try fleet.finish(devices, try fleet.perform(steps, progress: "Assigning Devices:"))
    }
}
