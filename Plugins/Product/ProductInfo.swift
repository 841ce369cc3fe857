import ImptPluginAPI
import ImptPluginKit

/// `impt product info`.
struct ProductInfo: Command {
    static let configuration = CommandConfiguration(
        name: "info", summary: "Shows information about a Product.",
        description: "Shows the attributes of a Product. With --full it also shows its Device Groups with their "
            + "Deployments, targets, webhooks and devices.")

    @Option(productOption) var product: String?
    @Option("full", "u", help: "Also shows the structure of the Product.") var full: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let found = try context.resolve(IMPT_ENTITY_PRODUCT, product)
        context.result(try context.display(IMPT_ENTITY_PRODUCT, full ? IMPT_DISPLAY_FULL : IMPT_DISPLAY_INFO, found.data))
    }
}
