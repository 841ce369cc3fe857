import ImptPluginAPI
import ImptPluginKit

/// `impt loginkey info`.
struct LoginKeyInfo: Command {
    static let configuration = CommandConfiguration(
        name: "info", summary: "Shows information about a login key.",
        description: "Shows the attributes of one login key of your account.")

    @Option(loginKeyOption) var key: String

    func run(_ context: Context) throws(PluginFailure) {
        let found = try context.resolve(IMPT_ENTITY_LOGIN_KEY, key)
        context.result(try context.display(IMPT_ENTITY_LOGIN_KEY, IMPT_DISPLAY_INFO, found.data))
    }
}
