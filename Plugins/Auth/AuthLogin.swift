import ImptPluginAPI
import ImptPluginKit

/// `impt auth login`: stores credentials in the global or local auth file.
struct AuthLogin: Command {
    static let configuration = CommandConfiguration(
        name: "login", summary: "Logs in to impCentral and saves the credentials in an auth file.",
        description: "Logs in to impCentral with a user name and password or with a login key and saves the access "
            + "token in the global auth file (in your home directory) or, with --local, in the current directory. "
            + "Asks for whatever is not given. Asks before overwriting an existing auth file.",
        constraints: [.exclusive("user", "lk"), .requires("pwd", "user")],
        examples: "impt auth login --user alice --pwd secret\nimpt auth login --local --lk 7d8e6670aa285e9d --endpoint http://127.0.0.1:8080/v5")

    @Option("local", "l", help: "Writes the local auth file in the current directory instead of the global one.")
    var local: Bool
    @Option(
        "endpoint", "e", value: "endpoint_url", help: "The impCentral API base URL, for private clouds or a local impcentral-sim.",
        default: "https://api.electricimp.com/v5")
    var endpoint: String
    @Option("user", "u", value: "user_id", help: "Your user name or e-mail address.") var user: String?
    @Option("pwd", "w", value: "password", help: "Your password. Asked for when omitted.", allowEmpty: true)
    var password: String?
    @Option("lk", "k", value: "login_key_id", help: "A login key to log in with instead of a password.") var loginKey: String?
    @Option("temp", "t", help: "Keeps neither the refresh token nor the login key, so the login ends when the access token expires.")
    var temporary: Bool
    @Option("confirmed", "q", help: "Overwrites an existing auth file without asking.") var confirmed: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let place = local ? "Local" : "Global"
        if context.authFileExists(local: local) && !confirmed {
            try context.confirm("The \(place) Auth File already exists. It will be overwritten.")
        }
        var user = self.user
        var loginKey = self.loginKey
        if user == nil && loginKey == nil {
            if try context.choose("Choose authentication method:", ["User/Password", "Login Key"]) == 0 {
                user = try context.input("username or email address", hidden: false)
            } else {
                loginKey = try context.input("Login Key", hidden: true)
            }
        }
        try context.login(
            endpoint: endpoint, user: user, password: password, loginKey: loginKey, local: local, temporary: temporary)
        context.info("\(place) login is successful.")
    }
}
