import ImptPluginAPI
import ImptPluginKit

/// `impt device info`.
struct DeviceInfo: Command {
    static let configuration = CommandConfiguration(
        name: "info", summary: "Shows information about a Device.",
        description: "Shows every attribute of a Device, the Device Group it is assigned to (with that group's current "
            + "Deployment) and its Product.")

    @Option(deviceOption) var device: String

    func run(_ context: Context) throws(PluginFailure) {
        let found = try DeviceLookup.one(context, device)
        context.result(try context.display(IMPT_ENTITY_DEVICE, IMPT_DISPLAY_FULL, found.data))
    }
}
