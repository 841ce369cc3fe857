/// A webhook's header on its page.
struct ConsoleWebhookDetail: Sendable {
    var id: String
    var event: String
    var url: String
    var contentType: String
    var groupID: String
    var groupName: String
}
