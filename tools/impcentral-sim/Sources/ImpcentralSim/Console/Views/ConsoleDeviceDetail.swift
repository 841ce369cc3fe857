/// A device's header on its page.
struct ConsoleDeviceDetail: Sendable {
    var id: String
    var name: String
    var macAddress: String
    var impType: String
    var online: Bool
    var groupID: String?
    var groupName: String?
    var groupType: String?
    var runningDeployment: String?
    var agentURL: String?
    /// Devices in DUT groups can be blessed.
    var blessable: Bool
    /// impCentral offers no logs of devices in production groups, and neither does the console.
    var inProduction: Bool
}
