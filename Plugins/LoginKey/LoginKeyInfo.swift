import ImptPluginAPI
import ImptPluginKit

/// `impt loginkey info`.
enum LoginKeyInfo {
    static let definition = CommandDefinition(
        name: "info", summary: "Shows information about a login key.",
        description: "Shows the attributes of one login key of your account.",
        options: [loginKeyOption],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString) -> Int32 = { ctx, key in
        Context.run(ctx) { context throws(PluginFailure) in
            let found = try context.resolve(IMPT_ENTITY_LOGIN_KEY, Arguments.string(key) ?? "")
            context.result(try context.display(IMPT_ENTITY_LOGIN_KEY, IMPT_DISPLAY_INFO, found.data))
        }
    }
}
