import ImptPluginAPI
import ImptPluginKit

/// `impt webhook info`.
struct WebhookInfo: Command {
    static let configuration = CommandConfiguration(
        name: "info", summary: "Shows information about a Webhook.",
        description: "Shows every attribute of a Webhook with its Device Group and Product.")

    @Option(WebhookOptions.webhook) var webhook: String

    func run(_ context: Context) throws(PluginFailure) {
        let found = try context.resolve(IMPT_ENTITY_WEBHOOK, webhook)
        context.result(try context.display(IMPT_ENTITY_WEBHOOK, IMPT_DISPLAY_INFO, found.data))
    }
}
