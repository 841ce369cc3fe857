/// A deployment in a device group's history.
struct ConsoleDeploymentLine: Sendable {
    var id: String
    var sha: String
    var tags: String
    var flagged: Bool
    var description: String
    var created: String
}
