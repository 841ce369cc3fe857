import ImptPluginAPI

/// Where an auth file lives, which decides how impt names it in messages.
public enum AuthLocation: Equatable, Sendable {
    /// `./.impt.auth`.
    case local(String)
    /// `$HOME/.impt.auth`.
    case global(String)
    /// `<IMPT_AUTH_FILE_PATH>/.impt.auth`; the associated values are the directory and the file.
    case explicit(directory: String, path: String)

    public var path: String {
        switch self {
        case .local(let path), .global(let path), .explicit(_, let path): return path
        }
    }

    /// `Global Auth`, `Local Auth` or `Auth`, as in `Global Auth File is corrupted.`
    public var configName: String {
        switch self {
        case .local: return "Local Auth"
        case .global: return "Global Auth"
        case .explicit: return "Auth"
        }
    }

    /// The value of `Auth type` in `impt auth info`.
    public var authType: String {
        switch self {
        case .local: return "Local Auth file"
        case .global: return "Global Auth file"
        case .explicit(let directory, _): return "Auth file path: \(directory)"
        }
    }

    /// The login command suggested after auth failures (none for `IMPT_AUTH_FILE_PATH`).
    var loginCommand: String? {
        switch self {
        case .local: return "impt auth login --local"
        case .global: return "impt auth login"
        case .explicit: return nil
        }
    }

    /// `Please login ...` or `Please relogin ...`, depending on whether the file exists.
    var reloginLine: FailureLine? {
        guard let loginCommand else { return nil }
        let verb = FileSystem.exists(path) ? "relogin" : "login"
        return .info("Please \(verb) using \"\(loginCommand)\" command and then try again.")
    }

    public static func local(in directory: String) -> AuthLocation {
        .local(FileSystem.join(directory, AuthFile.name))
    }

    public static func global(environment: Environment) -> AuthLocation {
        .global(FileSystem.join(environment["HOME"] ?? ".", AuthFile.name))
    }
}

/// Credentials given through `IMPT_LOGINKEY`, or `IMPT_USER` and `IMPT_PASSWORD`.
public struct EnvironmentCredentials: Equatable, Sendable {
    public var endpoint: String
    public var loginKey: String?
    public var user: String?
    public var password: String?
}

/// The auth context a command uses, chosen in the original's order: the local auth file, the
/// file in `IMPT_AUTH_FILE_PATH`, credentials in environment variables, the global auth file.
public enum AuthContext: Equatable, Sendable {
    case file(AuthLocation, AuthFile)
    case environment(EnvironmentCredentials)

    public static func resolve(environment: Environment, directory: String) throws(ImptError) -> AuthContext {
        let local = AuthLocation.local(in: directory)
        if FileSystem.exists(local.path) { return .file(local, try load(local)) }
        if let directory = environment.nonEmpty("IMPT_AUTH_FILE_PATH") {
            let location = AuthLocation.explicit(directory: directory, path: FileSystem.join(directory, AuthFile.name))
            guard FileSystem.exists(location.path) else { throw ImptError(IMPT_ERR_CONFIG, "Auth File is not found.") }
            return .file(location, try load(location))
        }
        let key = environment.nonEmpty("IMPT_LOGINKEY")
        let user = environment.nonEmpty("IMPT_USER")
        if key != nil || user != nil {
            return .environment(
                EnvironmentCredentials(
                    endpoint: environment.nonEmpty("IMPT_ENDPOINT") ?? AuthFile.defaultEndpoint, loginKey: key,
                    user: key == nil ? user : nil, password: key == nil ? environment["IMPT_PASSWORD"] : nil))
        }
        let global = AuthLocation.global(environment: environment)
        if FileSystem.exists(global.path) { return .file(global, try load(global)) }
        throw ImptError(IMPT_ERR_AUTH, "You are not logged in.")
    }

    /// The `IMPT_AUTH_FILE_PATH` location when it is the context that applies but its file is
    /// missing (what `impt auth info` still describes before `Auth File is not found.`).
    public static func missingExplicitFile(environment: Environment, directory: String) -> AuthLocation? {
        guard !FileSystem.exists(AuthLocation.local(in: directory).path),
            let directory = environment.nonEmpty("IMPT_AUTH_FILE_PATH")
        else { return nil }
        let location = AuthLocation.explicit(directory: directory, path: FileSystem.join(directory, AuthFile.name))
        return FileSystem.exists(location.path) ? nil : location
    }

    /// Reads an auth file, failing with `<Global|Local> Auth File is corrupted.`.
    public static func load(_ location: AuthLocation) throws(ImptError) -> AuthFile {
        guard let bytes = ConfigFileLimit.read(location.path), let file = AuthFile.decode(bytes) else {
            var lines: [FailureLine] = [.error("\(location.configName) File is corrupted.")]
            if let relogin = location.reloginLine { lines.append(relogin) }
            throw ImptError(status: IMPT_ERR_CONFIG, lines: lines)
        }
        return file
    }

    public var endpoint: String {
        switch self {
        case .file(_, let file): return file.endpoint
        case .environment(let credentials): return credentials.endpoint
        }
    }

    /// Whether impt can get a new access token by itself.
    public var refreshesAutomatically: Bool {
        switch self {
        case .file(_, let file): return file.refreshToken != nil || file.loginKey != nil
        case .environment: return true
        }
    }

    /// `Login Key` or `User/Password`.
    public var loginMethod: String {
        switch self {
        case .file(_, let file): return file.loginKey != nil ? "Login Key" : "User/Password"
        case .environment(let credentials): return credentials.loginKey != nil ? "Login Key" : "User/Password"
        }
    }

    public var authType: String {
        switch self {
        case .file(let location, _): return location.authType
        case .environment: return "Environment variables"
        }
    }
}
