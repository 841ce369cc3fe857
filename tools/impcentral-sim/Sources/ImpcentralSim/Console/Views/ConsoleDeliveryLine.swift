/// One delivery attempt of a webhook.
struct ConsoleDeliveryLine: Sendable {
    var attempted: String
    var event: String
    var status: String
    var error: String?
    var success: Bool
    var payload: String
}
