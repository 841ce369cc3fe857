/// The `-z debug` transcript of impCentral exchanges, with every credential replaced by
/// `[hidden]`: tokens and keys in request and response bodies (at any depth, so the JSON layout
/// stays readable) and the headers that carry passwords, keys and tokens.
struct ExchangeTrace {
    static let hidden: JSON = "[hidden]"
    /// Lower-cased names of headers whose value is a credential.
    static let secretHeaders: Set<String> = [
        "authorization", "x-electricimp-otp-token", "x-electricimp-password", "x-electricimp-key",
    ]
    /// Body members whose value is a credential: the password and login key sent to `/auth` and
    /// `/auth/token`, the refresh token sent to renew, the tokens in their answers, and the
    /// two-factor `login_token`.
    static let secretMembers: Set<String> = [
        "password", "key", "token", "access_token", "refresh_token", "login_token", "loginKey", "accessToken",
        "refreshToken",
    ]

    let console: Console

    var enabled: Bool { console.mode == .debug }

    func request(_ request: HTTPRequest, body: JSON?) {
        guard enabled else { return }
        var options = JSONObject([
            ("url", .string(request.url)), ("method", .string(request.method)),
            ("headers", .object(Self.headers(request.headers.compactMap(Self.split)))), ("json", true),
        ])
        if let body { options["body"] = Self.redacted(body) }
        console.info("Doing the request with options:")
        console.info(JSONWriter.write(.object(options), pretty: true))
        console.info("")
    }

    func response(_ response: HTTPResponse) {
        guard enabled else { return }
        console.info("Response code: \(response.status)")
        console.info("Response headers: " + JSONWriter.write(.object(Self.headers(response.headers)), pretty: true))
        let body = (try? JSONParser.parse(bytes: response.body)).map { JSONWriter.write(Self.redacted($0), pretty: true) }
            ?? String(decoding: response.body, as: UTF8.self)
        console.info("Response body: " + body)
    }

    /// Headers as an object, credentials hidden.
    static func headers(_ pairs: [(name: String, value: String)]) -> JSONObject {
        var object = JSONObject()
        for (name, value) in pairs {
            object[name] = secretHeaders.contains(name.asciiLowercased) ? hidden : .string(value)
        }
        return object
    }

    /// `Name: value` split at the first colon.
    static func split(_ line: String) -> (name: String, value: String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmed)
    }

    /// The document with the value of every credential member replaced, at any depth.
    static func redacted(_ value: JSON) -> JSON {
        switch value {
        case .object(let object):
            var copy = JSONObject()
            for (key, member) in object {
                copy[key] = secretMembers.contains(key) && member != .null ? hidden : redacted(member)
            }
            return .object(copy)
        case .array(let elements):
            return .array(elements.map(redacted))
        default:
            return value
        }
    }
}
