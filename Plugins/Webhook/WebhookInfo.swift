import ImptPluginAPI
import ImptPluginKit

/// `impt webhook info`.
enum WebhookInfo {
    static let definition = CommandDefinition(
        name: "info", summary: "Shows information about a Webhook.",
        description: "Shows every attribute of a Webhook with its Device Group and Product.",
        options: [WebhookOptions.webhook],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString) -> Int32 = { ctx, webhook in
        Context.run(ctx) { context throws(PluginFailure) in
            let found = try context.resolve(IMPT_ENTITY_WEBHOOK, Arguments.string(webhook))
            context.result(try context.display(IMPT_ENTITY_WEBHOOK, IMPT_DISPLAY_INFO, found.data))
        }
    }
}
