import ImptPluginAPI
import ImptPluginKit

/// A plan for `Context.delete`, collected by the delete commands.
struct DeletionPlan {
    var entities: [JSONLiteral] = []
    var unassignDevices: [JSONLiteral] = []
    var unflagDeployments: [JSONLiteral] = []

    mutating func delete(_ kind: impt_entity_kind, ref: String, _ data: Value) {
        entities.append(["kind": .int(Int64(kind.rawValue)), "ref": .string(ref), "data": .value(data)])
    }

    /// A group's devices to unassign and flagged Deployments to unflag (what `--force` adds).
    mutating func clear(_ context: Context, groupID: String) throws(PluginFailure) {
        unassignDevices += try context.list("/devices", query: ["filter[devicegroup.id]": .string(groupID)]).map { .value($0) }
        unflagDeployments += try context.list(
            "/deployments", query: ["filter[devicegroup.id]": .string(groupID), "filter[flagged]": "true"]
        ).map { .value($0) }
    }

    func run(_ context: Context, confirmed: Bool) throws(PluginFailure) {
        try context.delete(
            ["entities": .array(entities), "unassign_devices": .array(unassignDevices), "unflag_deployments": .array(unflagDeployments)],
            confirmed: confirmed)
    }
}
