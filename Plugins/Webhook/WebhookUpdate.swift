import ImptPluginAPI
import ImptPluginKit

/// `impt webhook update`.
struct WebhookUpdate: Command {
    static let configuration = CommandConfiguration(
        name: "update", summary: "Changes the URL and/or content type of a Webhook.",
        description: "Changes where a Webhook posts to and how it sends the data. Its event cannot be changed.")

    @Option(WebhookOptions.webhook) var identifier: String
    @Option("url", "u", value: "target_url", help: "The new http:// or https:// address.") var url: String?
    @Option(WebhookOptions.mime) var mime: String?

    func run(_ context: Context) throws(PluginFailure) {
        let webhook = try context.resolve(IMPT_ENTITY_WEBHOOK, identifier)
        if let url { try WebhookOptions.checkURL(context, url) }
        var attributes: [(String, JSONLiteral)] = []
        if let url { attributes.append(("url", .string(url))) }
        if let mime { attributes.append(("content_type", .string(WebhookOptions.contentType(mime)))) }
        try context.request(
            "PATCH", "/webhooks/\(webhook.id)",
            body: ["data": ["type": "webhook", "id": .string(webhook.id), "attributes": .object(attributes)]])
        context.info(Messages.updated(WebhookOptions.name(webhook.ref)))
    }
}
