/// A webhook and its delivery history, newest first.
struct ConsoleWebhookPage: Sendable {
    var title: String
    var chrome: ConsoleChrome
    var webhook: ConsoleWebhookDetail
    var deliveries: [ConsoleDeliveryLine]
}
