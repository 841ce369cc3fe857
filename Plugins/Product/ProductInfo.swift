import ImptPluginAPI
import ImptPluginKit

/// `impt product info`.
enum ProductInfo {
    static let definition = CommandDefinition(
        name: "info", summary: "Shows information about a Product.",
        description: "Shows the attributes of a Product. With --full it also shows its Device Groups with their "
            + "Deployments, targets, webhooks and devices.",
        options: [productOption, .flag("full", "u", help: "Also shows the structure of the Product.")],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, Bool) -> Int32 = { ctx, product, full in
        Context.run(ctx) { context throws(PluginFailure) in
            let found = try context.resolve(IMPT_ENTITY_PRODUCT, Arguments.string(product))
            context.result(try context.display(IMPT_ENTITY_PRODUCT, full ? IMPT_DISPLAY_FULL : IMPT_DISPLAY_INFO, found.data))
        }
    }
}
