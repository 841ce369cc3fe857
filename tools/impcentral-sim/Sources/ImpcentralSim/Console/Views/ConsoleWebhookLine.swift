/// A webhook of a device group.
struct ConsoleWebhookLine: Sendable {
    var id: String
    var event: String
    var url: String
    var contentType: String
}
