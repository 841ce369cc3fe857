import ImptPluginAPI
import ImptPluginKit

let loginKeyPlugin = PluginDefinition(
    group: "loginkey", summary: "Login Key manipulation commands.",
    description: "Creates, lists, shows, changes and deletes the login keys of your account. A login key lets a "
        + "script or a factory station log in (impt auth login --lk) without your password; treat it like one.",
    version: ImptPluginVersion.current,
    commands: [LoginKeyCreate.self, LoginKeyList.self, LoginKeyInfo.self, LoginKeyUpdate.self, LoginKeyDelete.self])

@_cdecl("impt_plugin_entry")
public func imptPluginEntry(_ host: UnsafePointer<impt_host>?) -> UnsafePointer<impt_plugin_descriptor> {
    loginKeyPlugin.descriptor(host: host)
}

/// `--lk`: the login key a command acts on.
let loginKeyOption = OptionDefinition.string(
    "lk", "k", value: "login_key_id", help: "The login key (its id is the key itself).", required: true)

/// `--pwd`: changing login keys needs the account password, asked for when the option is absent.
let passwordOption = OptionDefinition.string(
    "pwd", "w", value: "password", help: "Your account password. Asked for (without echo) when omitted.", allowEmpty: true)

/// The `X-Electricimp-Password` header impCentral wants for changes to login keys; the password
/// comes from `--pwd` or is asked for.
func passwordHeader(_ context: Context, _ given: String?) throws(PluginFailure) -> String {
    if let given { return "X-Electricimp-Password: " + given }
    return "X-Electricimp-Password: " + (try context.input("password", hidden: true))
}

/// The path of one login key.
func loginKeyPath(_ id: String) -> String { "/accounts/me/login_keys/\(id)" }
