import ImptPluginAPI
import ImptPluginKit

/// `impt device info`.
enum DeviceInfo {
    static let definition = CommandDefinition(
        name: "info", summary: "Shows information about a Device.",
        description: "Shows every attribute of a Device, the Device Group it is assigned to (with that group's current "
            + "Deployment) and its Product.",
        options: [deviceOption],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString) -> Int32 = { ctx, device in
        Context.run(ctx) { context throws(PluginFailure) in
            let found = try DeviceLookup.one(context, Arguments.string(device) ?? "")
            context.result(try context.display(IMPT_ENTITY_DEVICE, IMPT_DISPLAY_FULL, found.data))
        }
    }
}
