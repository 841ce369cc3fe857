import ImptPluginAPI
import ImptPluginKit

/// `impt loginkey list`.
enum LoginKeyList {
    static let definition = CommandDefinition(
        name: "list", summary: "Lists the login keys of your account.",
        description: "Lists the login keys of the account you are logged in to, with their descriptions and how often "
            + "each has been used.",
        options: [],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext) -> Int32 = { ctx in
        Context.run(ctx) { context throws(PluginFailure) in
            try context.printList(IMPT_ENTITY_LOGIN_KEY, try context.list("/accounts/me/login_keys"))
        }
    }
}
