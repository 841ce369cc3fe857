import ImptPluginAPI
import ImptPluginKit

/// `impt device unassign`.
enum DeviceUnassign {
    static let definition = CommandDefinition(
        name: "unassign", summary: "Unassigns one or more Devices from their Device Groups.",
        description: "Unassigns Devices from the Device Groups they are assigned to. Removing a Device from a production "
            + "Device Group needs the unbond key given with --unbond.",
        options: [
            devicesOption,
            .string("unbond", "u", value: "unbond_key", help: "The unbond key for Devices of production Device Groups.", allowEmpty: true),
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CStringList, CString) -> Int32 = { ctx, devices, unbond in
        Context.run(ctx) { context throws(PluginFailure) in
            try run(context, DeviceSelection.parse(Arguments.list(devices), context: context), unbond: Arguments.string(unbond))
        }
    }

    static func run(_ context: Context, _ selection: DeviceSelection, unbond: String?) throws(PluginFailure) {
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
