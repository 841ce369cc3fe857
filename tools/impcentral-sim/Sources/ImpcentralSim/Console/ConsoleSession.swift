/// One browser's console session: the CSRF token its forms carry and, once logged in, the
/// account and the access token (issued by the same code as `POST /v5/auth`) it acts with.
struct ConsoleSession: Sendable {
    /// The cookie value (random, 256 bits).
    var id: String
    /// Carried by every form of the session; a POST without it is refused.
    var csrfToken: String
    /// Set once the login form succeeded.
    var accessToken: String?
    /// Creation order, for evicting the oldest sessions.
    var order: Int

    var isLoggedIn: Bool { accessToken != nil }
}
