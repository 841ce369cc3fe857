import ImptPluginAPI
import ImptPluginKit

/// `impt project delete`.
struct ProjectDelete: Command {
    static let configuration = CommandConfiguration(
        name: "delete", summary: "Deletes the Project of the current directory.",
        description: "Deletes the Project File. --files also deletes the Project's source files. --entities also "
            + "deletes the Project's Device Group with all its Deployments (its devices are unassigned and its flagged "
            + "Deployments unflagged first), its production and DUT targets when no other group uses them, and its "
            + "Product when no other group is left in it. --all does both. Shows what will be deleted and asks first. "
            + "A local auth file is never deleted.")

    @Option("entities", "e", help: "Also deletes the Device Group, its Deployments, unused targets and an emptied Product.")
    var entities: Bool
    @Option("files", "f", help: "Also deletes the Project's device and agent source files.") var files: Bool
    @Option("all", "a", help: "Same as --entities and --files together.") var all: Bool
    @Option("confirmed", "q", help: "Deletes without asking for confirmation.") var confirmed: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let entities = self.entities || all
        let files = self.files || all
        let project: Project
        switch try ProjectDirectory.state(context) {
        case .missing:
            context.info("There is no Project File in the current directory.")
            return
        case .corrupted:
            // Nothing is deleted from a file impt cannot read: the original's error, file kept.
            project = try ProjectDirectory.load(context)
        case .present(let present):
            project = present
        }
        var plan = DeletionPlan()
        plan.projectFile = true
        if files {
            plan.files = Self.existingFiles([project.deviceFile, project.agentFile])
            for path in plan.files { try ProjectSourceFiles.checkLocation(context, path) }
        }
        if entities, !project.deviceGroupID.isEmpty {
            try ProjectEntities.collect(context, groupID: project.deviceGroupID, into: &plan)
        }
        try plan.run(context, confirmed: confirmed)
    }

    /// The source files that exist, each once.
    private static func existingFiles(_ paths: [String]) -> [String] {
        var found: [String] = []
        for path in paths where !path.isEmpty && !found.contains(path) && SourceFiles.targetKind(path) != .missing {
            found.append(path)
        }
        return found
    }
}

/// The impCentral entities `project delete --entities` removes.
enum ProjectEntities {
    /// The Project's Device Group with its devices, flagged Deployments and Deployments; each target
    /// that no other group of the Product uses, likewise; and the Product when nothing else is in
    /// it. A Device Group that no longer exists leaves only the files to delete.
    static func collect(_ context: Context, groupID: String, into plan: inout DeletionPlan) throws(PluginFailure) {
        let group: Entity
        do throws(PluginFailure) {
            group = try context.resolve(
                IMPT_ENTITY_DEVICE_GROUP, groupID, flags: UInt32(IMPT_RESOLVE_ID_ONLY | IMPT_RESOLVE_NO_PROJECT))
        } catch where error.status == Int32(IMPT_ERR_NOT_FOUND.rawValue) {
            context.clearError()
            return
        }
        let productID = group.data.related("product") ?? ""
        let siblings = try context.list("/devicegroups", query: ["filter[product.id]": .string(productID)])
        var groups: [Value] = []
        var targets = 0
        for kind in [GroupTarget.production, .dut] {
            guard let targetID = group.data.related(kind.relationship) else { continue }
            targets += 1
            guard siblings.filter({ $0.related(kind.relationship) == targetID }).count == 1,
                let target = siblings.first(where: { $0.id == targetID })
            else { continue }
            groups.append(target)
        }
        groups.append(group.data)
        // The original's rule: the Product goes when it holds only this group, or only this group
        // and its two targets.
        if !productID.isEmpty, siblings.count == (targets == 2 ? 3 : 1) {
            let product = try context.resolve(
                IMPT_ENTITY_PRODUCT, productID, flags: UInt32(IMPT_RESOLVE_ID_ONLY | IMPT_RESOLVE_NO_PROJECT))
            plan.delete(IMPT_ENTITY_PRODUCT, ref: product.id, product.data)
        }
        for data in groups {
            guard let id = data.id else { continue }
            plan.delete(IMPT_ENTITY_DEVICE_GROUP, ref: id, data)
            try plan.clear(context, groupID: id)
            for build in try context.list("/deployments", query: ["filter[devicegroup.id]": .string(id)]) {
                plan.delete(IMPT_ENTITY_DEPLOYMENT, ref: build.id ?? "", build)
            }
        }
    }
}
