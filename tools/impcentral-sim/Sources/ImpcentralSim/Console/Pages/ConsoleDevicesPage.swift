/// Every device of the account, assigned or not.
struct ConsoleDevicesPage: Sendable {
    var title: String
    var chrome: ConsoleChrome
    var devices: [ConsoleDeviceLine]
    var pager: ConsolePager
}
