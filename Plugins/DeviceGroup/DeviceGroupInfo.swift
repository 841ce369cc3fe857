import ImptPluginAPI
import ImptPluginKit

/// `impt dg info`.
enum DeviceGroupInfo {
    static let definition = CommandDefinition(
        name: "info", summary: "Shows information about a Device Group.",
        description: "Shows the attributes of a Device Group with its Product, Deployments and targets. With --full it "
            + "also shows the Device Groups that target it, its webhooks and its devices.",
        options: [deviceGroupOption, .flag("full", "u", help: "Also shows the Device Group's targeting groups, webhooks and devices.")],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, Bool) -> Int32 = { ctx, group, full in
        Context.run(ctx) { context throws(PluginFailure) in
            let found = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, Arguments.string(group))
            context.result(try context.display(IMPT_ENTITY_DEVICE_GROUP, full ? IMPT_DISPLAY_FULL : IMPT_DISPLAY_INFO, found.data))
        }
    }
}
