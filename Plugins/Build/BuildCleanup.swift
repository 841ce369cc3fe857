import ImptPluginAPI
import ImptPluginKit

/// `impt build cleanup`.
struct BuildCleanup: Command {
    static let configuration = CommandConfiguration(
        name: "cleanup", summary: "Deletes zombie Deployments.",
        description: "Deletes the zombie Deployments (whose Device Group was deleted) of one Product, or of every "
            + "Product, after showing them and asking for confirmation. Flagged ones are kept unless --unflag is "
            + "given, which unflags them first.")

    @Option("product", "p", value: "PRODUCT_IDENTIFIER",
            help: "Only zombie Deployments of this Product: its id or name, or {account}{product}.")
    var identifier: String?
    @Option("unflag", "u", help: "Also deletes flagged zombie Deployments, unflagging them first.") var unflag: Bool
    @Option(BuildOptions.confirmed) var confirmed: Bool

    func run(_ context: Context) throws(PluginFailure) {
        var query: [(String, JSONLiteral)] = []
        if let identifier {
            let product = try context.resolve(IMPT_ENTITY_PRODUCT, identifier, flags: UInt32(IMPT_RESOLVE_NO_PROJECT))
            query.append(("filter[product.id]", .string(product.id)))
        }
        if !unflag { query.append(("filter[flagged]", "false")) }
        let zombies = try context.list("/deployments", query: .object(query)).filter { $0.related("devicegroup") == nil }
        guard !zombies.isEmpty else {
            context.info(Messages.emptyList(IMPT_ENTITY_DEPLOYMENT))
            return
        }
        let flagged = zombies.filter { $0["attributes"]?["flagged"]?.bool == true }
        try context.delete(
            [
                "entities": .array(zombies.map { DeletionPlan.entity(IMPT_ENTITY_DEPLOYMENT, ref: $0.id ?? "", $0) }),
                "unflag_deployments": .array(flagged.map { .value($0) }),
            ],
            confirmed: confirmed)
    }
}
