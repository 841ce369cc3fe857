import ImptPluginAPI
import ImptPluginKit

/// `impt webhook delete`.
enum WebhookDelete {
    static let definition = CommandDefinition(
        name: "delete", summary: "Deletes a Webhook.",
        description: "Deletes a Webhook after confirmation.",
        options: [WebhookOptions.webhook, .flag("confirmed", "q", help: "Deletes without asking for confirmation.")],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, Bool) -> Int32 = { ctx, webhook, confirmed in
        Context.run(ctx) { context throws(PluginFailure) in
            let found = try context.resolve(IMPT_ENTITY_WEBHOOK, Arguments.string(webhook))
            let entity = DeletionPlan.entity(IMPT_ENTITY_WEBHOOK, ref: found.ref, found.data)
            try context.delete(["entities": [entity]], confirmed: confirmed)
        }
    }
}
