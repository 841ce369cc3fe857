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
            LogStreamOptions.log,
            LogStreamOptions.noReconnect,
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CStringList, Bool, Bool, Bool) -> Int32 = {
        ctx, devices, conditional, log, noReconnect in
        Context.run(ctx) { context throws(PluginFailure) in
            let selection = try DeviceSelection.parse(Arguments.list(devices), context: context)
            try run(context, selection, conditional: conditional, log: log, reconnect: !noReconnect)
        }
    }

    static func run(_ context: Context, _ selection: DeviceSelection, conditional: Bool, log: Bool, reconnect: Bool)
        throws(PluginFailure)
    {
        let devices = try DeviceLookup.all(context, selection)
        if log {
            // Refused before anything is restarted.
            for device in devices { try LogDevices.checkDevice(context, device.data, ref: device.ref) }
        }
        let action = conditional ? "conditional_restart" : "restart"
        let steps = devices.map { device in
            DeviceStep(
                device: device, request: DeviceRequest(method: "POST", path: "/devices/\(device.id)/\(action)"),
                outcome: .done("restarted", "\(conditional ? "Conditional restart" : "Restart") request for \(device.subject) is successful."))
        }
        let fleet = DeviceFleet(context, selection)
        let outcomes = try fleet.perform(steps, progress: "Restarting Devices:")
        try fleet.finish(devices, outcomes)
        guard log else { return }
        var seen = Set<String>()
        let restarted = zip(devices, outcomes).filter { $0.1.kind == .done && seen.insert($0.0.id).inserted }.map(\.0.id)
        try LogStreamer(context: context, deviceIDs: restarted, reconnect: reconnect).run()
    }
}
