import ImptPluginAPI

/// A plan for `Context.delete`, collected by the delete commands.
public struct DeletionPlan {
    public var entities: [JSONLiteral] = []
    public var unassignDevices: [JSONLiteral] = []
    public var unflagDeployments: [JSONLiteral] = []
    /// Source files to delete (paths as the user named them).
    public var files: [String] = []
    /// Whether the project file of the current directory goes too.
    public var projectFile = false

    public init() {}

    /// Whether deleting an entity needs the account password, as a login key does.
    public enum Password {
        case notNeeded
        /// Sent in `X-Electricimp-Password`; when `given` is nil the host asks for it (hidden),
        /// once, after the confirmation.
        case required(given: String?)
    }

    /// One member of a plan's lists, as the host's deletion service reads it.
    public static func entity(_ kind: impt_entity_kind, ref: String, _ data: Value, password: Password = .notNeeded)
        -> JSONLiteral
    {
        var members: [(String, JSONLiteral)] = [("kind", .int(Int64(kind.rawValue))), ("ref", .string(ref)), ("data", .value(data))]
        if case .required(let given) = password {
            members.append(("needs_password", true))
            if let given { members.append(("password", .string(given))) }
        }
        return .object(members)
    }

    public mutating func delete(_ kind: impt_entity_kind, ref: String, _ data: Value, password: Password = .notNeeded) {
        entities.append(Self.entity(kind, ref: ref, data, password: password))
    }

    /// A group's devices to unassign and flagged Deployments to unflag (what `--force` adds).
    public mutating func clear(_ context: Context, groupID: String) throws(PluginFailure) {
        unassignDevices += try context.list("/devices", query: ["filter[devicegroup.id]": .string(groupID)]).map { .value($0) }
        unflagDeployments += try context.list(
            "/deployments", query: ["filter[devicegroup.id]": .string(groupID), "filter[flagged]": "true"]
        ).map { .value($0) }
    }

    public func run(_ context: Context, confirmed: Bool) throws(PluginFailure) {
        var plan: [(String, JSONLiteral)] = [
            ("entities", .array(entities)), ("unassign_devices", .array(unassignDevices)),
            ("unflag_deployments", .array(unflagDeployments)),
        ]
        if !files.isEmpty { plan.append(("files", .array(files.map { .string($0) }))) }
        if projectFile { plan.append(("project_file", true)) }
        try context.delete(.object(plan), confirmed: confirmed)
    }
}
