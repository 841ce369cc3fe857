import ImptPluginAPI
import ImptPluginKit

/// `impt account info`.
enum AccountInfo {
    static let definition = CommandDefinition(
        name: "info", summary: "Shows information about an account.",
        description: "Shows the attributes of an account: by default the one you are logged in to, else the one --user "
            + "names by id, e-mail address or user name.",
        options: [
            .string("user", "u", value: "ACCOUNT_IDENTIFIER", help: "The account: id, e-mail, user name or me.",
                    defaultValue: "me")
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString) -> Int32 = { ctx, user in
        Context.run(ctx) { context throws(PluginFailure) in
            let found = try context.resolve(IMPT_ENTITY_ACCOUNT, Arguments.string(user) ?? "me", flags: UInt32(IMPT_RESOLVE_NO_PROJECT))
            context.result(try context.display(IMPT_ENTITY_ACCOUNT, IMPT_DISPLAY_INFO, found.data))
        }
    }
}
