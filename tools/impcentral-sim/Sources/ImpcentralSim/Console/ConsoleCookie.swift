/// The console's session cookie: `HttpOnly` (no script reads it), `SameSite=Strict` (no other
/// site's page sends it) and valid for the whole server.
enum ConsoleCookie {
    static let name = "impcentral_sim_session"

    /// The session id in a `Cookie` request header, if any.
    static func sessionID(in header: String?) -> String? {
        guard let header else { return nil }
        for pair in header.split(separator: ";") {
            let trimmed = pair.drop { $0 == " " }
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            if trimmed[..<equals] == name {
                let value = String(trimmed[trimmed.index(after: equals)...])
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    /// `Set-Cookie` value that stores `sessionID`.
    static func setting(_ sessionID: String) -> String {
        "\(name)=\(sessionID); Path=/; HttpOnly; SameSite=Strict"
    }

    /// `Set-Cookie` value that removes the cookie.
    static var clearing: String {
        "\(name)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
    }
}
