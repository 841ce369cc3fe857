/// One entry of a device's log history, numbered by its store sequence so the page can ask for
/// the entries after it.
struct ConsoleLogLine: Sendable {
    var seq: Int64
    var time: String
    var type: String
    var msg: String
}
