import ImptPluginAPI
import ImptPluginKit

/// `impt loginkey list`.
struct LoginKeyList: Command {
    static let configuration = CommandConfiguration(
        name: "list", summary: "Lists the login keys of your account.",
        description: "Lists the login keys of the account you are logged in to, with their descriptions and how often "
            + "each has been used.")

    func run(_ context: Context) throws(PluginFailure) {
        try context.printList(IMPT_ENTITY_LOGIN_KEY, try context.list("/accounts/me/login_keys"))
    }
}
