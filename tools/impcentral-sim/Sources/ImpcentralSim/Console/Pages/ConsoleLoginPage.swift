/// The login form (username or email, password, one-time password for two-factor accounts).
struct ConsoleLoginPage: Sendable {
    var title = "Log in"
    var csrf: String
    var user: String
    var error: String?
}
