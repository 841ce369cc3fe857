import Hummingbird

/// The login form: the account's own username (or email) and password, checked by the same code
/// as `POST /v5/auth`, plus the one-time password for two-factor accounts.
extension ConsoleAPI {
    func loginPage(session: ConsoleSession?) -> Response {
        let current = session ?? env.consoleSessions.startAnonymous()
        let page = ConsoleLoginPage(csrf: current.csrfToken, user: "", error: nil)
        return ConsoleResponses.html(
            ConsoleTemplates.render(page, "login"), setCookie: session == nil ? ConsoleCookie.setting(current.id) : nil)
    }

    func logIn(_ form: ConsoleForm, session: ConsoleSession?) async throws -> Response {
        guard let session, let token = form["csrf"], Self.same(token, session.csrfToken) else {
            // No session (cookies off, or the simulator restarted): start one and ask again.
            let fresh = env.consoleSessions.startAnonymous()
            let page = ConsoleLoginPage(
                csrf: fresh.csrfToken, user: form["user"] ?? "",
                error: "The login form had expired. Please log in again.")
            return ConsoleResponses.html(
                ConsoleTemplates.render(page, "login"), status: .forbidden, setCookie: ConsoleCookie.setting(fresh.id))
        }
        let user = form["user"] ?? ""
        let password = form["password"] ?? ""
        let otp = form["otp"] ?? ""
        let lifetime = env.options.tokenLifetime
        let now = env.time.now()
        do {
            let issued = try await env.store.write { db -> TokenStore.Issued in
                let account = try AccountCredentials.verify(db, id: user, password: password)
                if let expected = account.otp, otp != expected { throw APIError.badOTP }
                return try TokenStore.issue(db, accountID: account.id, lifetime: lifetime, now: now, withRefreshToken: false)
            }
            let loggedIn = env.consoleSessions.logIn(replacing: session.id, accessToken: issued.accessToken)
            return ConsoleResponses.redirect("/", setCookie: ConsoleCookie.setting(loggedIn.id))
        } catch let error as APIError {
            let page = ConsoleLoginPage(
                csrf: session.csrfToken, user: user, error: error.entries.first?.detail ?? "Login failed.")
            return ConsoleResponses.html(ConsoleTemplates.render(page, "login"), status: .init(code: error.httpStatus))
        }
    }
}
