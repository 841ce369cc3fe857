import ImptPluginAPI
import ImptPluginKit

/// `impt product delete`.
struct ProductDelete: Command {
    static let configuration = CommandConfiguration(
        name: "delete", summary: "Deletes a Product.",
        description: "Deletes a Product. A Product that still has Device Groups is deleted only with --force, which "
            + "also deletes its Device Groups after unassigning their devices and unflagging their flagged "
            + "Deployments. --builds also deletes the Product's Deployments. Asks for confirmation first.")

    @Option(productOption) var product: String?
    @Option("builds", "b", help: "Also deletes every Deployment of the Product.") var builds: Bool
    @Option("force", "f", help: "Also deletes the Product's Device Groups, unassigning devices and unflagging Deployments.")
    var force: Bool
    @Option("confirmed", "q", help: "Deletes without asking for confirmation.") var confirmed: Bool

    func run(_ context: Context) throws(PluginFailure) {
        try Self.run(context, product: product, builds: builds, force: force, confirmed: confirmed)
    }

    static func run(_ context: Context, product identifier: String?, builds: Bool, force: Bool, confirmed: Bool) throws(PluginFailure) {
        let product = try context.resolve(IMPT_ENTITY_PRODUCT, identifier)
        var entities: [JSONLiteral] = [DeletionPlan.entity(IMPT_ENTITY_PRODUCT, ref: product.ref, product.data)]
        var unassign: [JSONLiteral] = []
        var unflag: [JSONLiteral] = []
        if force {
            for group in try context.list("/devicegroups", query: ["filter[product.id]": .string(product.id)]) {
                guard let id = group.id else { continue }
                entities.append(DeletionPlan.entity(IMPT_ENTITY_DEVICE_GROUP, ref: id, group))
                unassign += try context.list("/devices", query: ["filter[devicegroup.id]": .string(id)]).map { .value($0) }
                unflag += try context.list(
                    "/deployments", query: ["filter[devicegroup.id]": .string(id), "filter[flagged]": "true"]
                ).map { .value($0) }
            }
            if builds {
                // Flagged Deployments whose Device Group is gone block the Product's deletion too.
                let flagged = try context.list("/deployments", query: ["filter[product.id]": .string(product.id), "filter[flagged]": "true"])
                unflag += flagged.filter { $0.lookup("relationships.devicegroup.id") == nil }.map { .value($0) }
            }
        }
        if builds {
            for build in try context.list("/deployments", query: ["filter[product.id]": .string(product.id)]) {
                entities.append(DeletionPlan.entity(IMPT_ENTITY_DEPLOYMENT, ref: build.id ?? "", build))
            }
        }
        try context.delete(
            ["entities": .array(entities), "unassign_devices": .array(unassign), "unflag_deployments": .array(unflag)],
            confirmed: confirmed)
    }
}
