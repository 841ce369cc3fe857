import ImptPluginAPI
import ImptPluginKit

/// `impt webhook delete`.
struct WebhookDelete: Command {
    static let configuration = CommandConfiguration(
        name: "delete", summary: "Deletes a Webhook.",
        description: "Deletes a Webhook after confirmation.")

    @Option(WebhookOptions.webhook) var webhook: String
    @Option("confirmed", "q", help: "Deletes without asking for confirmation.") var confirmed: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let found = try context.resolve(IMPT_ENTITY_WEBHOOK, webhook)
        let entity = DeletionPlan.entity(IMPT_ENTITY_WEBHOOK, ref: found.ref, found.data)
        try context.delete(["entities": [entity]], confirmed: confirmed)
    }
}
