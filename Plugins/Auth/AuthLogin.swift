import ImptPluginAPI
import ImptPluginKit

/// `impt auth login`: stores credentials in the global or local auth file.
enum AuthLogin {
    static let definition = CommandDefinition(
        name: "login", summary: "Logs in to impCentral and saves the credentials in an auth file.",
        description: "Logs in to impCentral with a user name and password or with a login key and saves the access "
            + "token in the global auth file (in your home directory) or, with --local, in the current directory. "
            + "Asks for whatever is not given. Asks before overwriting an existing auth file.",
        options: [
            .flag("local", "l", help: "Writes the local auth file in the current directory instead of the global one."),
            .string(
                "endpoint", "e", value: "endpoint_url", help: "The impCentral API base URL, for private clouds or a local impcentral-sim.",
                defaultValue: "https://api.electricimp.com/v5"),
            .string("user", "u", value: "user_id", help: "Your user name or e-mail address."),
            .string("pwd", "w", value: "password", help: "Your password. Asked for when omitted.", allowEmpty: true),
            .string("lk", "k", value: "login_key_id", help: "A login key to log in with instead of a password."),
            .flag("temp", "t", help: "Keeps neither the refresh token nor the login key, so the login ends when the access token expires."),
            .flag("confirmed", "q", help: "Overwrites an existing auth file without asking."),
        ],
        constraints: [.exclusive("user", "lk"), .requires("pwd", "user")],
        examples: "impt auth login --user alice --pwd secret\nimpt auth login --local --lk 7d8e6670aa285e9d --endpoint http://127.0.0.1:8080/v5",
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, Bool, CString, CString, CString, CString, Bool, Bool) -> Int32 = {
        ctx, local, endpoint, user, password, loginKey, temporary, confirmed in
        Context.run(ctx) { context throws(PluginFailure) in
            try run(
                context, local: local, endpoint: Arguments.string(endpoint), user: Arguments.string(user),
                password: Arguments.string(password), loginKey: Arguments.string(loginKey), temporary: temporary,
                confirmed: confirmed)
        }
    }

    static func run(
        _ context: Context, local: Bool, endpoint: String?, user: String?, password: String?, loginKey: String?,
        temporary: Bool, confirmed: Bool
    ) throws(PluginFailure) {
        let place = local ? "Local" : "Global"
        if context.authFileExists(local: local) && !confirmed {
            try context.confirm("The \(place) Auth File already exists. It will be overwritten.")
        }
        var user = user
        var loginKey = loginKey
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
