import ImptPluginAPI
import ImptPluginKit

/// `impt loginkey create`.
struct LoginKeyCreate: Command {
    static let configuration = CommandConfiguration(
        name: "create", summary: "Creates a login key.",
        description: "Creates a login key for your account. impCentral asks for your password to do so: give it with "
            + "--pwd, or impt asks for it. The new key is shown once here and in impt loginkey list.")

    @Option(passwordOption) var password: String?
    @Option("descr", "s", value: "login_key_description", help: "Description of the login key.", allowEmpty: true)
    var description: String?

    func run(_ context: Context) throws(PluginFailure) {
        let header = try passwordHeader(context, password)
        var attributes: [(String, JSONLiteral)] = []
        if let description { attributes.append(("description", .string(description))) }
        let body: JSONLiteral = ["data": ["type": "login_key", "attributes": .object(attributes)]]
        guard let created = try context.request("POST", "/accounts/me/login_keys", body: body, headers: [header])?["data"],
            let id = created.id
        else {
            throw context.unexpectedResponse()
        }
        context.info(Messages.created(Messages.entity(IMPT_ENTITY_LOGIN_KEY, id)))
        context.result(try context.display(IMPT_ENTITY_LOGIN_KEY, IMPT_DISPLAY_SHORT, created))
    }
}
