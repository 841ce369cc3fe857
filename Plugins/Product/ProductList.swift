import ImptPluginAPI
import ImptPluginKit

/// `impt product list`.
struct ProductList: Command {
    static let configuration = CommandConfiguration(
        name: "list", summary: "Lists Products.",
        description: "Lists the Products you can access, or only those of the given owners.")

    @Option("owner", "o", value: "ACCOUNT_IDENTIFIER", help: "Only Products of this account: id, e-mail, user name or me.")
    var owners: [String]

    func run(_ context: Context) throws(PluginFailure) {
        var products: [Value] = []
        if owners.isEmpty {
            products = try context.list("/products")
        } else {
            var ids: [String] = []
            for owner in owners {
                for id in try context.find(IMPT_ENTITY_ACCOUNT, owner) where !ids.contains(id) { ids.append(id) }
            }
            for id in ids {
                products += try context.list("/products", query: ["filter[owner.id]": .string(id)])
            }
        }
        try context.printList(IMPT_ENTITY_PRODUCT, products)
    }
}
