import ImptPluginAPI
import ImptPluginKit

/// `impt device unassign`.
struct DeviceUnassign: Command {
    static let configuration = CommandConfiguration(
        name: "unassign", summary: "Unassigns one or more Devices from their Device Groups.",
        description: "Unassigns Devices from the Device Groups they are assigned to. Removing a Device from a production "
            + "Device Group needs the unbond key given with --unbond.")

    @Option(devicesOption) var deviceIdentifiers: [String]
    @Option("unbond", "u", value: "unbond_key", help: "The unbond key for Devices of production Device Groups.", allowEmpty: true)
    var unbond: String?

    func run(_ context: Context) throws(PluginFailure) {
        let selection = try DeviceSelection.parse(deviceIdentifiers, context: context)
        var headers: [String] = []
        if let unbond, !unbond.isEmpty {
            guard unbond.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
                throw context.usage("Option \"--unbond\" must not contain control characters.")
            }
            headers.append("X-Electricimp-Key: \(unbond)")
        }
        let devices = try DeviceLookup.all(context, selection)
        let steps = devices.map { device -> DeviceStep in
            guard let group = device.groupID else {
                return .known(device, .done("already_unassigned", "\(device.subject) is already unassigned."))
            }
            return DeviceStep(
                device: device,
                request: DeviceRequest(
                    method: "DELETE", path: "/devicegroups/\(group)/relationships/devices", body: DeviceRequest.deviceList(device.id),
                    headers: headers),
                outcome: .done("unassigned", "\(device.subject) is unassigned successfully."))
        }
        let fleet = DeviceFleet(context, selection)
        try fleet.finish(devices, try fleet.perform(steps, progress: "Unassigning Devices:"))
    }
}
