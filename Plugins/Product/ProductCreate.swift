import ImptPluginAPI
import ImptPluginKit

/// `impt product create`.
enum ProductCreate {
    static let definition = CommandDefinition(
        name: "create", summary: "Creates a Product.",
        description: "Creates a Product in your account, or with --owner in an account you collaborate on. "
            + "Product names are unique within an account.",
        options: [
            .string("name", "n", value: "product_name", help: "Name of the new Product.", required: true),
            .string("descr", "s", value: "product_description", help: "Description of the new Product.", allowEmpty: true),
            .string("owner", "o", value: "ACCOUNT_IDENTIFIER", help: "The account that will own the Product: id, e-mail, user name or me."),
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, CString, CString) -> Int32 = { ctx, name, description, owner in
        Context.run(ctx) { context throws(PluginFailure) in
            try run(context, name: Arguments.string(name) ?? "", description: Arguments.string(description), owner: Arguments.string(owner))
        }
    }

    static func run(_ context: Context, name: String, description: String?, owner: String?) throws(PluginFailure) {
        var attributes: [(String, JSONLiteral)] = [("name", .string(name))]
        if let description { attributes.append(("description", .string(description))) }
        var data: [(String, JSONLiteral)] = [("type", "product"), ("attributes", .object(attributes))]
        if let owner {
            let account = try context.resolve(IMPT_ENTITY_ACCOUNT, owner, flags: UInt32(IMPT_RESOLVE_NO_PROJECT))
            data.append(("relationships", ["owner": ["type": "account", "id": .string(account.id)]]))
        }
        guard let created = try context.request("POST", "/products", body: ["data": .object(data)])?["data"] else {
            throw context.fail(IMPT_ERR_INTERNAL, "Internal error: Unexpected format of impCentral response.")
        }
        context.info(Messages.created(Messages.entity(IMPT_ENTITY_PRODUCT, name)))
        context.result(try context.display(IMPT_ENTITY_PRODUCT, IMPT_DISPLAY_SHORT, created))
    }
}
