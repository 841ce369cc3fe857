import ImptPluginAPI
import ImptPluginKit

/// `impt device restart`.
enum DeviceRestart {
    static let definition = CommandDefinition(
        name: "restart", summary: "Restarts one or more Devices.",
        description: "Reboots the given Devices. With --conditional a Device that runs the Min supported Deployment of its "
            + "Device Group or a newer one is only told that new code is available, and may restart later.",
        options: [
            devicesOption,
            .flag("conditional", "c", help: "Asks for a conditional restart instead of an immediate one."),
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CStringList, Bool) -> Int32 = { ctx, devices, conditional in
        Context.run(ctx) { context throws(PluginFailure) in
            try run(context, DeviceSelection.parse(Arguments.list(devices), context: context), conditional: conditional)
        }
    }

    static func run(_ context: Context, _ selection: DeviceSelection, conditional: Bool) throws(PluginFailure) {
        let devices = try DeviceLookup.all(context, selection)
        let action = conditional ? "conditional_restart" : "restart"
        let steps = devices.map { device in
            DeviceStep(
                device: device, request: DeviceRequest(method: "POST", path: "/devices/\(device.id)/\(action)"),
                outcome: .done("restarted", "\(conditional ? "Conditional restart" : "Restart") request for \(device.subject) is successful."))
        }
        let fleet = DeviceFleet(context, selection)
        try fleet.finish(devices, try fleet.perform(steps, progress: "Restarting Devices:"))
    }
}
