/// The `-z debug` transcript of impCentral exchanges, with every credential replaced by
/// `[hidden]`: tokens and keys in request and response bodies (at any depth, so the JSON layout
/// stays readable), the headers that carry passwords, keys and tokens, and login keys wherever
/// they appear (a login key's id is the key itself: in URLs, links and `login_key` resources).
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
            ("url", .string(Self.redactedURL(request.url))), ("method", .string(request.method)),
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
            object[name] = secretHeaders.contains(name.asciiLowercased) ? hidden : .string(redactedURL(value))
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
            let isLoginKey = object["type"]?.stringValue == "login_key"
            var copy = JSONObject()
            for (key, member) in object {
                let secret = secretMembers.contains(key) || (isLoginKey && key == "id")
                copy[key] = secret && member != .null ? hidden : redacted(member)
            }
            return .object(copy)
        case .array(let elements):
            return .array(elements.map(redacted))
        case .string(let text):
            return .string(redactedURL(text))
        default:
            return value
        }
    }

    private static let segmentEnds: Set<UInt8> = [UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "\"")]

    /// A URL (or any text) with the path segment after each `login_keys/` hidden.
    static func redactedURL(_ text: String) -> String {
        let marker = Array("login_keys/".utf8)
        let bytes = Array(text.utf8)
        guard bytes.count > marker.count else { return text }
        var result: [UInt8] = []
        var index = 0
        var changed = false
        while index < bytes.count {
            if bytes[index] == marker[0], index + marker.count <= bytes.count, bytes[index..<index + marker.count].elementsEqual(marker) {
                result += marker
                index += marker.count
                let start = index
                while index < bytes.count, !Self.segmentEnds.contains(bytes[index]) { index += 1 }
                if index > start {
                    result += Array("[hidden]".utf8)
                    changed = true
                }
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return changed ? String(decoding: result, as: UTF8.self) : text
    }
}
