import ImptPluginAPI
import ImptPluginKit

/// The Devices assigned to a Device Group, for the commands that act on all of them at once.
enum GroupDevices {
    static func list(_ context: Context, group: Entity) throws(PluginFailure) -> [Value] {
        try context.list("/devices", query: ["filter[devicegroup.id]": .string(group.id)])
    }

    /// `Device Group "<x>" does not have assigned Devices.`
    static func noneMessage(_ group: Entity) -> String {
        "\(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, group.ref)) does not have assigned Devices."
    }

    /// The request body naming every device: `{"data": [{"type": "device", "id": ...}, ...]}`.
    static func body(_ devices: [Value]) -> JSONLiteral {
        ["data": .array(devices.map { ["type": "device", "id": .optional($0.id)] })]
    }

    /// The message, then the devices (short data, the first five and `And <n> more Device(s).`),
    /// both at informational level as the original prints them.
    static func report(_ context: Context, _ message: String, _ devices: [Value]) throws(PluginFailure) {
        context.info(message)
        var shown: [JSONLiteral] = []
        for device in devices { shown.append(.value(try context.display(IMPT_ENTITY_DEVICE, IMPT_DISPLAY_SHORT, device))) }
        context.infoResult(context.make(.array(shown)))
    }
}
