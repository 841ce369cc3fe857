import ImptPluginAPI
import ImptPluginKit

/// `impt loginkey update`.
struct LoginKeyUpdate: Command {
    static let configuration = CommandConfiguration(
        name: "update", summary: "Changes the description of a login key.",
        description: "Changes the description of a login key. impCentral asks for your password to do so: give it "
            + "with --pwd, or impt asks for it.")

    @Option(loginKeyOption) var key: String
    @Option(passwordOption) var password: String?
    @Option("descr", "s", value: "login_key_description", help: "New description of the login key.", required: true,
            allowEmpty: true)
    var description: String

    func run(_ context: Context) throws(PluginFailure) {
        let header = try passwordHeader(context, password)
        let found = try context.resolve(IMPT_ENTITY_LOGIN_KEY, key)
        let body: JSONLiteral = [
            "data": ["type": "login_key", "id": .string(found.id), "attributes": ["description": .string(description)]]
        ]
        try context.request("PATCH", loginKeyPath(found.id), body: body, headers: [header])
        context.info(Messages.updated(Messages.entity(IMPT_ENTITY_LOGIN_KEY, found.ref)))
    }
}
