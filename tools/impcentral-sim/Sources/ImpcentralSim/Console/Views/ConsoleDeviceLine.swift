import Mustache

/// A device in a list (all devices, or a group's).
///
/// Lists hold up to thousands of these, so the template reads their fields through
/// `MustacheParent` instead of reflection.
struct ConsoleDeviceLine: Sendable, MustacheParent {
    var id: String
    var name: String
    var online: Bool
    var groupID: String?
    var groupName: String?
    var runningDeployment: String?
    var agentURL: String?

    func child(named name: String) -> Any? {
        switch name {
        case "id": return id
        case "name": return self.name
        case "online": return online
        case "groupID": return groupID
        case "groupName": return groupName
        case "runningDeployment": return runningDeployment
        case "agentURL": return agentURL
        default: return nil
        }
    }
}
