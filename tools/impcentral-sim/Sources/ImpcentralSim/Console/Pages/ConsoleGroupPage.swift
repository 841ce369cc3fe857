/// A device group: its deployments, devices and webhooks.
struct ConsoleGroupPage: Sendable {
    var title: String
    var chrome: ConsoleChrome
    var group: ConsoleGroupDetail
    var devices: [ConsoleDeviceLine]
    var pager: ConsolePager
    var deployments: [ConsoleDeploymentLine]
    var webhooks: [ConsoleWebhookLine]
}
