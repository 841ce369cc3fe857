import ImptPluginAPI
import ImptPluginKit

/// `impt dg restart`.
struct DeviceGroupRestart: Command {
    static let configuration = CommandConfiguration(
        name: "restart", summary: "Restarts the devices of a Device Group.",
        description: "Reboots every device assigned to a Device Group. With --conditional, devices running the Min "
            + "supported Deployment or newer are only told that new code is available and may choose when to restart.")

    @Option(deviceGroupOption) var group: String?
    @Option("conditional", "c", help: "Conditional restart: devices on recent code decide when to restart.") var conditional: Bool
    @Option(LogStreamOptions.log) var log: Bool
    @Option(LogStreamOptions.noReconnect) var noReconnect: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let found = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, group)
        if log { try LogDevices.checkGroup(context, found) }  // refused before anything is restarted
        let devices = try GroupRestart.restart(context, group: found, conditional: conditional)
        if log, !devices.isEmpty { try LogStreamer(context: context, deviceIDs: devices.compactMap(\.id), reconnect: !noReconnect).run() }
    }
}
