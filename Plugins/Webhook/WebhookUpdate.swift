import ImptPluginAPI
import ImptPluginKit

/// `impt webhook update`.
enum WebhookUpdate {
    static let definition = CommandDefinition(
        name: "update", summary: "Changes the URL and/or content type of a Webhook.",
        description: "Changes where a Webhook posts to and how it sends the data. Its event cannot be changed.",
        options: [
            WebhookOptions.webhook,
            .string("url", "u", value: "target_url", help: "The new http:// or https:// address."),
            WebhookOptions.mime,
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, CString, CString) -> Int32 = { ctx, webhook, url, mime in
        Context.run(ctx) { context throws(PluginFailure) in
            try run(context, webhook: Arguments.string(webhook), url: Arguments.string(url), mime: Arguments.string(mime))
        }
    }

    static func run(_ context: Context, webhook identifier: String?, url: String?, mime: String?) throws(PluginFailure) {
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
