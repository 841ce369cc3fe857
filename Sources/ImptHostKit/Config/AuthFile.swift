import ImptPluginAPI

/// The auth file `.impt.auth`, in the original impt's JSON format so that files written by either
/// tool work with the other.
public struct AuthFile: Equatable, Sendable {
    public static let name = ".impt.auth"
    public static let defaultEndpoint = "https://api.electricimp.com/v5"

    public var endpoint: String
    public var accessToken: String
    public var expiresAt: String
    public var loginKey: String?
    public var refreshToken: String?

    public init(endpoint: String, accessToken: String, expiresAt: String, loginKey: String? = nil, refreshToken: String? = nil) {
        self.endpoint = endpoint
        self.accessToken = accessToken
        self.expiresAt = expiresAt
        self.loginKey = loginKey
        self.refreshToken = refreshToken
    }

    /// Reads a file; nil for "corrupted" (not JSON, or without `accessToken`/`expiresAt`).
    public static func decode(_ bytes: [UInt8]) -> AuthFile? {
        guard let document = try? JSONParser.parse(bytes: bytes),
            let accessToken = document["accessToken"]?.stringValue,
            let expiresAt = document["expiresAt"]?.stringValue
        else { return nil }
        return AuthFile(
            endpoint: document["endpoint"]?.stringValue ?? defaultEndpoint, accessToken: accessToken,
            expiresAt: expiresAt, loginKey: document["loginKey"]?.stringValue,
            refreshToken: document["refreshToken"]?.stringValue)
    }

    /// Pretty JSON with the original's key order.
    public func encode() -> [UInt8] {
        var object = JSONObject([
            ("endpoint", .string(endpoint)), ("accessToken", .string(accessToken)), ("expiresAt", .string(expiresAt)),
        ])
        if let loginKey { object["loginKey"] = .string(loginKey) }
        if let refreshToken { object["refreshToken"] = .string(refreshToken) }
        return Array(JSONWriter.write(.object(object), pretty: true).utf8)
    }

    /// Writes the file readable by its owner only.
    public func write(to path: String) throws(FileError) {
        try FileSystem.writeAtomically(path, encode(), mode: 0o600)
    }
}
