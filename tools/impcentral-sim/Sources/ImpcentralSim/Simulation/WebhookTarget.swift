/// Where a webhook may be delivered: a plain `http://` URL whose host is this machine.
///
/// The simulator never contacts anything beyond the loopback interface. A webhook URL is only
/// delivered to when its host is `localhost`, `[::1]` or an address in `127.0.0.0/8`; any other
/// URL is refused before a connection is attempted, and the refusal's message is recorded as the
/// delivery's error.
struct WebhookTarget: Sendable, Equatable {
    /// Why a URL is not a deliverable target.
    struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// The numeric loopback address to connect to (`localhost` becomes `127.0.0.1`).
    let host: String
    let port: Int
    /// The path and query to request, at least `/`.
    let pathAndQuery: String

    /// The URL that is requested: the given one with its host made numeric and without user info.
    var url: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(shownHost):\(port)\(pathAndQuery)"
    }

    /// Accepts `url` if it is an http URL on a loopback address; otherwise says why not.
    init(_ url: String) throws(Refusal) {
        let lower = url.lowercased()
        if lower.hasPrefix("https://") {
            throw Refusal(message: "https delivery is not supported by the simulator")
        }
        guard lower.hasPrefix("http://") else {
            throw Refusal(message: "unsupported URL scheme")
        }
        let rest = url.dropFirst("http://".count)
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        if path.isEmpty {
            path = "/"
        } else if path.hasPrefix("?") {
            path = "/" + path
        }
        if let at = authority.lastIndex(of: "@") {
            authority = authority[authority.index(after: at)...]
        }

        let (hostText, portText) = try Self.split(authority)
        var port = 80
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw Refusal(message: "malformed port")
            }
            port = number
        }
        let lowerHost = hostText.lowercased()
        let address: String
        if lowerHost == "localhost" {
            address = "127.0.0.1"
        } else if lowerHost == "::1" {
            address = "::1"
        } else if Self.isLoopbackIPv4(lowerHost) {
            address = lowerHost
        } else {
            throw Refusal(message: "refused: \(hostText) is not a loopback address")
        }
        self.host = address
        self.port = port
        self.pathAndQuery = path
    }

    /// Splits `host[:port]` or `[v6-host][:port]` into the host and the port text, if any.
    private static func split(_ authority: Substring) throws(Refusal) -> (host: Substring, port: Substring?) {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw Refusal(message: "malformed host")
            }
            let host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            guard !after.isEmpty else { return (host, nil) }
            guard after.hasPrefix(":") else { throw Refusal(message: "malformed host") }
            return (host, after.dropFirst())
        }
        if let colon = authority.lastIndex(of: ":") {
            return (authority[..<colon], authority[authority.index(after: colon)...])
        }
        return (authority, nil)
    }

    /// True for a dotted-quad address in `127.0.0.0/8`.
    static func isLoopbackIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in Int(part).map { (0...255).contains($0) } ?? false }
    }
}
