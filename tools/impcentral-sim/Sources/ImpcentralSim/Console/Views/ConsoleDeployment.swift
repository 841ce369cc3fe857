/// A deployment's page: what impt shows of it, code included (read only).
struct ConsoleDeployment: Sendable {
    var id: String
    var sha: String
    var tags: String
    var flagged: Bool
    var description: String
    var origin: String?
    var created: String
    var groupID: String?
    var groupName: String?
    var deviceCode: String
    var agentCode: String
}
