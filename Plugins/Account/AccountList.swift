import ImptPluginAPI
import ImptPluginKit

/// `impt account list`.
enum AccountList {
    static let definition = CommandDefinition(
        name: "list", summary: "Lists the accounts you can see.",
        description: "Lists your own account and the accounts you collaborate with.",
        options: [],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext) -> Int32 = { ctx in
        Context.run(ctx) { context throws(PluginFailure) in
            try context.printList(IMPT_ENTITY_ACCOUNT, try context.list("/accounts"))
        }
    }
}
