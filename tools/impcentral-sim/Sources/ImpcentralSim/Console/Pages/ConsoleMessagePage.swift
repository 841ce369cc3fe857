/// A refused action or a missing page, with a way back.
struct ConsoleMessagePage: Sendable {
    var title: String
    var message: String
    var back: String
}
