import ImptPluginAPI
import ImptPluginKit

/// `impt product update`.
enum ProductUpdate {
    static let definition = CommandDefinition(
        name: "update", summary: "Changes the name and/or description of a Product.",
        description: "Changes the name and/or the description of a Product.",
        options: [
            productOption,
            .string("name", "n", value: "product_name", help: "New name of the Product."),
            .string("descr", "s", value: "product_description", help: "New description of the Product.", allowEmpty: true),
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, CString, CString) -> Int32 = { ctx, product, name, description in
        Context.run(ctx) { context throws(PluginFailure) in
            let found = try context.resolve(IMPT_ENTITY_PRODUCT, Arguments.string(product))
            var attributes: [(String, JSONLiteral)] = []
            if let name = Arguments.string(name) { attributes.append(("name", .string(name))) }
            if let description = Arguments.string(description) { attributes.append(("description", .string(description))) }
            try context.request(
                "PATCH", "/products/\(found.id)",
                body: ["data": ["type": "product", "id": .string(found.id), "attributes": .object(attributes)]])
            context.info(Messages.updated(Messages.entity(IMPT_ENTITY_PRODUCT, found.ref)))
        }
    }
}
