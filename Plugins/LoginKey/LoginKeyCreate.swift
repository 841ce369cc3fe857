import ImptPluginAPI
import ImptPluginKit

/// `impt loginkey create`.
enum LoginKeyCreate {
    static let definition = CommandDefinition(
        name: "create", summary: "Creates a login key.",
        description: "Creates a login key for your account. impCentral asks for your password to do so: give it with "
            + "--pwd, or impt asks for it. The new key is shown once here and in impt loginkey list.",
        options: [
            passwordOption,
            .string("descr", "s", value: "login_key_description", help: "Description of the login key.", allowEmpty: true),
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, CString) -> Int32 = { ctx, password, description in
        Context.run(ctx) { context throws(PluginFailure) in
            try run(context, password: Arguments.string(password), description: Arguments.string(description))
        }
    }

    static func run(_ context: Context, password: String?, description: String?) throws(PluginFailure) {
        let header = try passwordHeader(context, password)
        var attributes: [(String, JSONLiteral)] = []
        if let description { attributes.append(("description", .string(description))) }
        let body: JSONLiteral = ["data": ["type": "login_key", "attributes": .object(attributes)]]
        guard let created = try context.request("POST", "/accounts/me/login_keys", body: body, headers: [header])?["data"],
            let id = created.id
        else {
            throw context.fail(IMPT_ERR_INTERNAL, "Internal error: Unexpected format of impCentral response.")
        }
        context.info(Messages.created(Messages.entity(IMPT_ENTITY_LOGIN_KEY, id)))
        context.result(try context.display(IMPT_ENTITY_LOGIN_KEY, IMPT_DISPLAY_SHORT, created))
    }
}
