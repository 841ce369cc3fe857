import ImptPluginAPI
import ImptPluginKit

/// `impt loginkey update`.
enum LoginKeyUpdate {
    static let definition = CommandDefinition(
        name: "update", summary: "Changes the description of a login key.",
        description: "Changes the description of a login key. impCentral asks for your password to do so: give it "
            + "with --pwd, or impt asks for it.",
        options: [
            loginKeyOption, passwordOption,
            .string("descr", "s", value: "login_key_description", help: "New description of the login key.", required: true,
                    allowEmpty: true),
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, CString, CString) -> Int32 = { ctx, key, password, description in
        Context.run(ctx) { context throws(PluginFailure) in
            try run(context, key: Arguments.string(key) ?? "", password: Arguments.string(password),
                    description: Arguments.string(description) ?? "")
        }
    }

    static func run(_ context: Context, key: String, password: String?, description: String) throws(PluginFailure) {
        let header = try passwordHeader(context, password)
        let found = try context.resolve(IMPT_ENTITY_LOGIN_KEY, key)
        let body: JSONLiteral = [
            "data": ["type": "login_key", "id": .string(found.id), "attributes": ["description": .string(description)]]
        ]
        try context.request("PATCH", loginKeyPath(found.id), body: body, headers: [header])
        context.info(Messages.updated(Messages.entity(IMPT_ENTITY_LOGIN_KEY, found.ref)))
    }
}
