import ImptPluginAPI
import ImptPluginKit

/// `impt device update`.
struct DeviceUpdate: Command {
    static let configuration = CommandConfiguration(
        name: "update", summary: "Changes the name of a Device.",
        description: "Changes the name of a Device. An empty name clears it.")

    @Option(deviceOption) var device: String
    @Option("name", "n", value: "device_name", help: "New name of the Device.", required: true, allowEmpty: true)
    var name: String

    func run(_ context: Context) throws(PluginFailure) {
        let found = try DeviceLookup.one(context, device)
        let attributes: JSONLiteral = ["name": .string(name)]
        try context.request(
            "PATCH", "/devices/\(found.id)",
            body: ["data": ["type": "device", "id": .string(found.id), "attributes": attributes]])
        context.info(Messages.updated(found.subject))
    }
}
