import ImptPluginAPI
import ImptPluginKit

/// `impt loginkey delete`.
struct LoginKeyDelete: Command {
    static let configuration = CommandConfiguration(
        name: "delete", summary: "Deletes a login key.",
        description: "Deletes a login key of your account: scripts and stations logged in with it can no longer renew "
            + "their access. Shows the key and asks first. impCentral asks for your password to do so: give it with "
            + "--pwd, or impt asks for it after the confirmation.")

    @Option(loginKeyOption) var key: String
    @Option(passwordOption) var password: String?
    @Option("confirmed", "q", help: "Deletes without asking for confirmation.") var confirmed: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let found = try context.resolve(IMPT_ENTITY_LOGIN_KEY, key)
        var plan = DeletionPlan()
        plan.delete(IMPT_ENTITY_LOGIN_KEY, ref: found.ref, found.data, password: .required(given: password))
        try plan.run(context, confirmed: confirmed)
    }
}
