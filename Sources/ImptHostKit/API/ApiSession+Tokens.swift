import ImptPluginAPI

/// Access tokens: logging in, renewing, and writing a renewed token back to the auth file.
extension ApiSession {
    struct TokenResponse {
        var accessToken: String
        var expiresAt: String
        var refreshToken: String?
    }

    /// A token valid for at least three more minutes, renewed if needed.
    func validToken(forceRenewal: Bool = false) throws(ImptError) -> String {
        let context = try context()
        let fresh = !forceRenewal && accessToken != nil
            && (expiresAt ?? 0) - Clock.nowMilliseconds() >= Self.refreshMargin
        if fresh, let accessToken { return accessToken }
        switch context {
        case .environment(let credentials):
            let token = try obtainToken(
                endpoint: credentials.endpoint.trimmedTrailingSlash, user: credentials.user,
                password: credentials.password, loginKey: credentials.loginKey)
            adopt(token)
        case .file(let location, let file):
            try renew(location, file)
        }
        guard let accessToken else { throw .internalError("no access token") }
        return accessToken
    }

    /// Renews the token of an auth file with its refresh token or login key, and stores the new
    /// token in the file unless another impt has replaced the file meanwhile (a newer login, or
    /// another renewal): that file stays as it is.
    private func renew(_ location: AuthLocation, _ file: AuthFile) throws(ImptError) {
        let body: JSON
        if let refresh = file.refreshToken {
            body = ["token": .string(refresh)]
        } else if let key = file.loginKey {
            body = ["key": .string(key)]
        } else {
            var lines: [FailureLine] = [
                .error("Access token is expired for the \(location.configName) File. Information required to refresh access token is not saved.")
            ]
            if let relogin = location.reloginLine { lines.append(relogin) }
            throw ImptError(status: IMPT_ERR_AUTH, lines: lines)
        }
        let response = try authExchange("/auth/token", endpoint: file.endpoint.trimmedTrailingSlash, body: body)
        if response.status == 404 {
            var lines: [FailureLine] = [.error("Impossible to refresh access token for the \(location.configName) File.")]
            if let relogin = location.reloginLine { lines.append(relogin) }
            throw ImptError(status: IMPT_ERR_AUTH, httpStatus: 404, lines: lines)
        }
        let token = try tokenResponse(response)
        adopt(token)
        var renewed = file
        renewed.accessToken = token.accessToken
        renewed.expiresAt = token.expiresAt
        contextStorage = .file(location, renewed)
        let known = knownFile
        let written: Bool = try AuthFileLock.holding(location.path) { () throws(ImptError) -> Bool in
            let current = FileSystem.exists(location.path) ? (try? AuthContext.load(location)) : nil
            guard current == known else { return false }
            do throws(FileError) { try renewed.write(to: location.path) } catch { throw .file(error) }
            return true
        }
        if written { knownFile = renewed }
    }

    func adopt(_ token: TokenResponse) {
        accessToken = token.accessToken
        expiresAt = Clock.parseISO8601(token.expiresAt) ?? Clock.nowMilliseconds() + 3_600_000
    }

    private func tokenResponse(_ response: HTTPResponse) throws(ImptError) -> TokenResponse {
        guard (200..<300).contains(response.status) else { throw apiError(response) }
        guard let document = try? JSONParser.parse(bytes: response.body),
            let token = document["access_token"]?.stringValue
        else { throw .internalError("Unexpected format of impCentral response") }
        let expiresAt = document["expires_at"]?.stringValue
            ?? Clock.formatISO8601(milliseconds: Clock.nowMilliseconds() + (document["expires_in"]?.intValue ?? 3600) * 1000)
        return TokenResponse(accessToken: token, expiresAt: expiresAt, refreshToken: document["refresh_token"]?.stringValue)
    }

    /// Logs in with a login key or a user name and password (asking for the password and, for
    /// two-factor accounts, the one-time password).
    func obtainToken(endpoint: String, user: String?, password: String?, loginKey: String?) throws(ImptError) -> TokenResponse {
        if let loginKey {
            let response = try authExchange("/auth/token", endpoint: endpoint, body: ["key": .string(loginKey)])
            if response.status == 404 { throw ImptError.notFound(.loginKey, loginKey) }
            return try tokenResponse(response)
        }
        guard let user else { throw .internalError("no credentials") }
        let secret: String
        if let password {
            secret = password
        } else {
            secret = try Prompter.shared.input(label: "password", hidden: true, console: console)
        }
        let response = try authExchange("/auth", endpoint: endpoint, body: ["id": .string(user), "password": .string(secret)])
        if response.status == 403 {
            let document = try? JSONParser.parse(bytes: response.body)
            guard let loginToken = document?.lookup("errors.0.meta.login_token")?.stringValue else {
                throw .internalError("Unexpected format of impCentral response")
            }
            let otp = try Prompter.shared.input(label: "one-time password", hidden: true, console: console)
            let second = try authExchange(
                "/auth", endpoint: endpoint, body: ["login_token": .string(loginToken)],
                headers: ["X-Electricimp-OTP-Token: \(otp)"])
            return try tokenResponse(second)
        }
        return try tokenResponse(response)
    }

    private func authExchange(_ path: String, endpoint: String, body: JSON, headers: [String] = []) throws(ImptError) -> HTTPResponse {
        let request = HTTPRequest(
            method: "POST", url: endpoint + path, headers: [Self.authContentType, "Accept: application/json"] + headers,
            body: JSONWriter.bytes(body, pretty: false))
        return try exchange(request, shownBody: body)
    }
}
