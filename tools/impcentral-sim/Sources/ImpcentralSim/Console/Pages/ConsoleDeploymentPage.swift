/// A deployment, read only.
struct ConsoleDeploymentPage: Sendable {
    var title: String
    var chrome: ConsoleChrome
    var deployment: ConsoleDeployment
}
