import ImptPluginAPI
import ImptPluginKit

/// `impt webhook create`.
struct WebhookCreate: Command {
    static let configuration = CommandConfiguration(
        name: "create", summary: "Creates a Webhook.",
        description: "Creates a Webhook on a Device Group: impCentral posts the details of each event of the given "
            + "kind to the URL, as JSON or as a web form.")

    @Option(
        "dg", "g", value: "DEVICE_GROUP_IDENTIFIER", help: "The Device Group: its id or name, or {account}{product}{device group}.",
        fromProject: true)
    var identifier: String?
    @Option("url", "u", value: "target_url", help: "The http:// or https:// address to post to.", required: true)
    var url: String
    @Option(
        "event", "e", value: "triggered_event", help: "The event that triggers the Webhook.", required: true,
        choices: WebhookOptions.events)
    var event: String
    /// `--mime`, required here.
    @Option({
        var option = WebhookOptions.mime
        option.flags |= UInt32(IMPT_OPTION_REQUIRED)
        return option
    }())
    var mime: String

    func run(_ context: Context) throws(PluginFailure) {
        let group = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, identifier)
        try WebhookOptions.checkURL(context, url)
        let body: JSONLiteral = [
            "data": [
                "type": "webhook",
                "attributes": ["url": .string(url), "event": .string(event), "content_type": .string(WebhookOptions.contentType(mime))],
                "relationships": ["devicegroup": ["type": .string(group.data["type"]?.string ?? ""), "id": .string(group.id)]],
            ]
        ]
        guard let created = try context.request("POST", "/webhooks", body: body)?["data"], let id = created.id else {
            throw context.unexpectedResponse()
        }
        context.info(Messages.created(WebhookOptions.name(id)))
        context.result(try context.display(IMPT_ENTITY_WEBHOOK, IMPT_DISPLAY_SHORT, created))
    }
}
