import ImptPluginAPI
import ImptPluginKit

/// `impt account list`.
struct AccountList: Command {
    static let configuration = CommandConfiguration(
        name: "list", summary: "Lists the accounts you can see.",
        description: "Lists your own account and the accounts you collaborate with.")

    func run(_ context: Context) throws(PluginFailure) {
        try context.printList(IMPT_ENTITY_ACCOUNT, try context.list("/accounts"))
    }
}
