/// A device: its state, its log tail and the simulator's actions on it.
struct ConsoleDevicePage: Sendable {
    var title: String
    var chrome: ConsoleChrome
    var device: ConsoleDeviceDetail
    var logs: [ConsoleLogLine]
    /// The sequence of the newest entry shown; the page asks for entries after it.
    var lastLogSeq: Int64
    var groups: [ConsoleGroupChoice]
}
