import ImptPluginAPI
import ImptPluginKit

/// `impt dg info`.
struct DeviceGroupInfo: Command {
    static let configuration = CommandConfiguration(
        name: "info", summary: "Shows information about a Device Group.",
        description: "Shows the attributes of a Device Group with its Product, Deployments and targets. With --full it "
            + "also shows the Device Groups that target it, its webhooks and its devices.")

    @Option(deviceGroupOption) var group: String?
    @Option("full", "u", help: "Also shows the Device Group's targeting groups, webhooks and devices.") var full: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let found = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, group)
        context.result(try context.display(IMPT_ENTITY_DEVICE_GROUP, full ? IMPT_DISPLAY_FULL : IMPT_DISPLAY_INFO, found.data))
    }
}
