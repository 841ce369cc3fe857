import ImptPluginAPI
import ImptPluginKit

/// `impt product update`.
struct ProductUpdate: Command {
    static let configuration = CommandConfiguration(
        name: "update", summary: "Changes the name and/or description of a Product.",
        description: "Changes the name and/or the description of a Product.")

    @Option(productOption) var product: String?
    @Option("name", "n", value: "product_name", help: "New name of the Product.") var name: String?
    @Option("descr", "s", value: "product_description", help: "New description of the Product.", allowEmpty: true)
    var description: String?

    func run(_ context: Context) throws(PluginFailure) {
        let found = try context.resolve(IMPT_ENTITY_PRODUCT, product)
        var attributes: [(String, JSONLiteral)] = []
        if let name { attributes.append(("name", .string(name))) }
        if let description { attributes.append(("description", .string(description))) }
        try context.request(
            "PATCH", "/products/\(found.id)",
            body: ["data": ["type": "product", "id": .string(found.id), "attributes": .object(attributes)]])
        context.info(Messages.updated(Messages.entity(IMPT_ENTITY_PRODUCT, found.ref)))
    }
}
