import ImptPluginAPI
import ImptPluginKit

/// `impt account info`.
struct AccountInfo: Command {
    static let configuration = CommandConfiguration(
        name: "info", summary: "Shows information about an account.",
        description: "Shows the attributes of an account: by default the one you are logged in to, else the one --user "
            + "names by id, e-mail address or user name.")

    @Option("user", "u", value: "ACCOUNT_IDENTIFIER", help: "The account: id, e-mail, user name or me.", default: "me")
    var user: String

    func run(_ context: Context) throws(PluginFailure) {
        let found = try context.resolve(IMPT_ENTITY_ACCOUNT, user, flags: UInt32(IMPT_RESOLVE_NO_PROJECT))
        context.result(try context.display(IMPT_ENTITY_ACCOUNT, IMPT_DISPLAY_INFO, found.data))
    }
}
