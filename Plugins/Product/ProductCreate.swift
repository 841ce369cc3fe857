import ImptPluginAPI
import ImptPluginKit

/// `impt product create`.
struct ProductCreate: Command {
    static let configuration = CommandConfiguration(
        name: "create", summary: "Creates a Product.",
        description: "Creates a Product in your account, or with --owner in an account you collaborate on. "
            + "Product names are unique within an account.")

    @Option("name", "n", value: "product_name", help: "Name of the new Product.", required: true) var name: String
    @Option("descr", "s", value: "product_description", help: "Description of the new Product.", allowEmpty: true)
    var description: String?
    @Option("owner", "o", value: "ACCOUNT_IDENTIFIER", help: "The account that will own the Product: id, e-mail, user name or me.")
    var owner: String?

    func run(_ context: Context) throws(PluginFailure) {
        var attributes: [(String, JSONLiteral)] = [("name", .string(name))]
        if let description { attributes.append(("description", .string(description))) }
        var data: [(String, JSONLiteral)] = [("type", "product"), ("attributes", .object(attributes))]
        if let owner {
            let account = try context.resolve(IMPT_ENTITY_ACCOUNT, owner, flags: UInt32(IMPT_RESOLVE_NO_PROJECT))
            data.append(("relationships", ["owner": ["type": "account", "id": .string(account.id)]]))
        }
        guard let created = try context.request("POST", "/products", body: ["data": .object(data)])?["data"] else {
            throw context.unexpectedResponse()
        }
        context.info(Messages.created(Messages.entity(IMPT_ENTITY_PRODUCT, name)))
        context.result(try context.display(IMPT_ENTITY_PRODUCT, IMPT_DISPLAY_SHORT, created))
    }
}
