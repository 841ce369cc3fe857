/// What every logged-in page shows around its content: the account and the session's CSRF
/// token for the forms.
struct ConsoleChrome: Sendable {
    var username: String
    var csrf: String
    /// The store's write generation when the page was made: the page reloads its live parts once
    /// it changes.
    var generation: Int
}
