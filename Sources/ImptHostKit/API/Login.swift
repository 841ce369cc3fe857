import ImptPluginAPI

/// `impt auth login`: obtains a token and writes the global or local auth file.
enum Login {
    struct Parameters {
        var endpoint: String?
        var user: String?
        var password: String?
        var loginKey: String?
        var local: Bool
        var temporary: Bool
    }

    static func perform(invocation: Invocation, _ parameters: Parameters) throws(ImptError) {
        guard parameters.user != nil || parameters.loginKey != nil else {
            throw ImptError.invalidArgument("login needs a user or a login key")
        }
        let endpoint = parameters.endpoint ?? AuthFile.defaultEndpoint
        let token = try invocation.session.obtainToken(
            endpoint: endpoint.trimmedTrailingSlash, user: parameters.user, password: parameters.password,
            loginKey: parameters.loginKey)
        let file = AuthFile(
            endpoint: endpoint, accessToken: token.accessToken, expiresAt: token.expiresAt,
            loginKey: parameters.temporary ? nil : parameters.loginKey,
            refreshToken: parameters.temporary ? nil : token.refreshToken)
        let location: AuthLocation =
            parameters.local ? .local(in: invocation.directory) : .global(environment: invocation.environment)
        // Under the auth file's lock, so that a token renewal running in another impt sees this
        // login and does not write its older context over it.
        try AuthFileLock.holding(location.path) { () throws(ImptError) in
            do throws(FileError) { try file.write(to: location.path) } catch { throw .file(error) }
        }
    }
}

/// The `Auth` object of `impt auth info` (and `impt project info --full`).
enum AuthInfo {
    /// The description, and the failure that stopped it early (the part built so far is kept).
    static func describe(invocation: Invocation) -> (JSON, ImptError?) {
        var info = JSONObject()
        func wrapped() -> JSON { info.isEmpty ? .object(JSONObject()) : .object(JSONObject([("Auth", .object(info))])) }
        do throws(ImptError) {
            let context = try invocation.session.context()
            info["Auth type"] = .string(context.authType)
            info["impCentral API endpoint"] = .string(context.endpoint)
            let automatic = context.refreshesAutomatically
            info["Access token auto refresh"] = .bool(automatic)
            if automatic {
                info["Login method"] = .string(context.loginMethod)
            } else if case .file(_, let file) = context {
                let remaining = (Clock.parseISO8601(file.expiresAt) ?? 0) - Clock.nowMilliseconds()
                if remaining <= 0 {
                    info["Access token"] = "expired"
                    return (wrapped(), nil)
                }
                info["Access token"] = .string("expires in \(remaining / 60_000) minutes")
            }
            let id = try invocation.session.accountID()
            let me = try invocation.session.fetch("/accounts/\(id)")
            info["Username"] = me?.lookup("attributes.username") ?? ""
            info["Email"] = me?.lookup("attributes.email") ?? ""
            info["Account id"] = .string(id)
            return (wrapped(), nil)
        } catch {
            if info.isEmpty,
                let location = AuthContext.missingExplicitFile(environment: invocation.environment, directory: invocation.directory)
            {
                info["Auth type"] = .string(location.authType)
                info["impCentral API endpoint"] = .string(AuthFile.defaultEndpoint)
                info["Access token auto refresh"] = .bool(false)
            }
            return (wrapped(), error)
        }
    }
}
