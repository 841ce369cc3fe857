import ImptPluginAPI
import ImptPluginKit

/// `impt device restart`.
struct DeviceRestart: Command {
    static let configuration = CommandConfiguration(
        name: "restart", summary: "Restarts one or more Devices.",
        description: "Reboots the given Devices. With --conditional a Device that runs the Min supported Deployment of its "
            + "Device Group or a newer one is only told that new code is available, and may restart later.")

    @Option(devicesOption) var deviceIdentifiers: [String]
    @Option("conditional", "c", help: "Asks for a conditional restart instead of an immediate one.") var conditional: Bool
    @Option(LogStreamOptions.log) var log: Bool
    @Option(LogStreamOptions.noReconnect) var noReconnect: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let selection = try DeviceSelection.parse(deviceIdentifiers, context: context)
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
        try LogStreamer(context: context, deviceIDs: restarted, reconnect: !noReconnect).run()
    }
}
