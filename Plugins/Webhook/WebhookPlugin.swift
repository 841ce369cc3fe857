import ImptPluginAPI
import ImptPluginKit

let webhookPlugin = PluginDefinition(
    group: "webhook", summary: "Webhook manipulation commands.",
    version: ImptPluginVersion.current,
    commands: [WebhookCreate.self, WebhookDelete.self, WebhookInfo.self, WebhookList.self, WebhookUpdate.self])

@_cdecl("impt_plugin_entry")
public func imptPluginEntry(_ host: UnsafePointer<impt_host>?) -> UnsafePointer<impt_plugin_descriptor> {
    webhookPlugin.descriptor(host: host)
}

/// Option values of the webhook commands and their API equivalents.
enum WebhookOptions {
    static let events = ["blessing", "blinkup", "deployment"]
    static let mimeNames = ["json", "urlencoded"]

    static let webhook = OptionDefinition.string("wh", "w", value: "webhook_id", help: "The Webhook's id.", required: true)

    static let mime = OptionDefinition.string(
        "mime", "m", value: "content_type", help: "How the data is sent: json or urlencoded (a web form).", choices: mimeNames)

    /// The content type for an impt mime name.
    static func contentType(_ mime: String) -> String {
        mime == "json" ? "application/json" : "application/x-www-form-urlencoded"
    }

    /// Refuses a URL that is not an http(s) address with impCentral's own answer to it (the one the
    /// original impt shows), without sending it: after the Device Group or Webhook is found, as
    /// the original reports a missing one first.
    static func checkURL(_ context: Context, _ url: String) throws(PluginFailure) {
        let lower = url.lowercased()
        let rest = lower.hasPrefix("http://") ? lower.dropFirst(7) : lower.hasPrefix("https://") ? lower.dropFirst(8) : nil
        guard let rest, let host = rest.split(separator: "/", omittingEmptySubsequences: false).first, !host.isEmpty,
            !url.contains(where: { $0 == " " || $0.isNewline })
        else {
            throw context.fail(IMPT_ERR_INVALID_ARGUMENT, "Invalid URL: The provided URL is invalid.")
        }
    }

    /// `Webhook "<ref>"`.
    static func name(_ ref: String) -> String { Messages.entity(IMPT_ENTITY_WEBHOOK, ref) }
}
