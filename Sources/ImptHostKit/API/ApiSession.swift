import ImptPluginAPI

/// One request to the impCentral API, relative to the endpoint.
public struct ApiRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [(String, String)]
    public var body: JSON?
    public var headers: [String]

    public init(_ method: String, _ path: String, query: [(String, String)] = [], body: JSON? = nil, headers: [String] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.headers = headers
    }
}

/// Access to impCentral for one invocation: picks the auth context, keeps the access token fresh,
/// retries on 429, maps error documents to failures, traces exchanges in debug mode and caches
/// what one command reads more than once.
final class ApiSession {
    static let resourceContentType = "Content-type: application/vnd.api+json"
    static let authContentType = "Content-Type: application/json"
    static let pageSize = 100
    static let refreshMargin: Int64 = 3 * 60 * 1000
    static let maxRateLimitRetries = 60

    unowned let invocation: Invocation
    private var contextStorage: AuthContext?
    private var accessToken: String?
    private var expiresAt: Int64?
    private var resourceCache: [String: JSON] = [:]
    private var listCache: [String: [JSON]] = [:]
    private var accountIDStorage: String?
    private lazy var spinner = Spinner(console: console)

    init(invocation: Invocation) {
        self.invocation = invocation
    }

    var environment: Environment { invocation.environment }
    var console: Console { invocation.console }

    // MARK: Context and tokens

    func context() throws(ImptError) -> AuthContext {
        if let contextStorage { return contextStorage }
        let context = try AuthContext.resolve(environment: environment, directory: invocation.directory)
        if case .file(_, let file) = context {
            accessToken = file.accessToken
            expiresAt = Clock.parseISO8601(file.expiresAt)
        }
        contextStorage = context
        return context
    }

    var endpoint: String {
        get throws(ImptError) { try context().endpoint.trimmedTrailingSlash }
    }

    /// A token valid for at least three more minutes, renewed if needed.
    private func validToken(forceRenewal: Bool = false) throws(ImptError) -> String {
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
        case .file(let location, var file):
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
            file.accessToken = token.accessToken
            file.expiresAt = token.expiresAt
            do throws(FileError) { try file.write(to: location.path) } catch { throw .file(error) }
            contextStorage = .file(location, file)
        }
        guard let accessToken else { throw .internalError("no access token") }
        return accessToken
    }

    private func adopt(_ token: TokenResponse) {
        accessToken = token.accessToken
        expiresAt = Clock.parseISO8601(token.expiresAt) ?? Clock.nowMilliseconds() + 3_600_000
    }

    struct TokenResponse {
        var accessToken: String
        var expiresAt: String
        var refreshToken: String?
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
            if response.status == 404 { throw ImptError.notFound("Login Key", loginKey) }
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
            body: Array(JSONWriter.write(body, pretty: false).utf8))
        return try exchange(request, shownBody: path == "/auth" ? redactedAuthBody(body) : body)
    }

    private func redactedAuthBody(_ body: JSON) -> JSON {
        guard case .object(var object) = body else { return body }
        if object["password"] != nil { object["password"] = "[hidden]" }
        return .object(object)
    }

    // MARK: Requests

    /// Sends one request and returns its parsed body (nil when empty).
    func send(_ request: ApiRequest) throws(ImptError) -> JSON? {
        if request.method != "GET" { invalidateCaches() }
        var renewed = false
        while true {
            let token = try validToken()
            let response = try exchange(try httpRequest(request, token: token), shownBody: request.body)
            let canRenew = try context().refreshesAutomatically
            if response.status == 401 && !renewed && canRenew {
                renewed = true
                _ = try validToken(forceRenewal: true)
                continue
            }
            return try body(of: response)
        }
    }

    /// Sends several requests, five at a time; each result is its body or its failure.
    func sendMany(_ requests: [ApiRequest]) throws(ImptError) -> [Result<JSON?, ImptError>] {
        guard !requests.isEmpty else { return [] }
        if requests.contains(where: { $0.method != "GET" }) { invalidateCaches() }
        let token = try validToken()
        let built = try requests.map { request throws(ImptError) in try httpRequest(request, token: token) }
        for (request, original) in zip(built, requests) { trace(request, shownBody: original.body) }
        var responses = try transfer(built, parallel: 5)
        for response in responses { traceResponse(response) }
        // Requests refused for an expired token, or rate limited, are retried one by one.
        for index in responses.indices where responses[index].status == 401 || responses[index].status == 429 {
            responses[index] = try exchange(try httpRequest(requests[index], token: try validToken(forceRenewal: responses[index].status == 401)), shownBody: requests[index].body)
        }
        return responses.map { response in
            do throws(ImptError) { return .success(try body(of: response)) } catch { return .failure(error) }
        }
    }

    /// Every resource of a collection, all pages, de-duplicated by id.
    func list(_ path: String, query: [(String, String)] = []) throws(ImptError) -> [JSON] {
        let key = cacheKey(path, query)
        if let cached = listCache[key] { return cached }
        var resources: [JSON] = []
        var seen = Set<String>()
        var page = 1
        while true {
            let pageQuery = query + [("page[number]", String(page)), ("page[size]", String(Self.pageSize))]
            guard let document = try send(ApiRequest("GET", path, query: pageQuery)),
                let data = document["data"]?.arrayValue
            else { throw .internalError("Unexpected format of impCentral response") }
            for resource in data {
                if let id = resource["id"]?.stringValue {
                    guard seen.insert(id).inserted else { continue }
                }
                resources.append(resource)
            }
            guard document["links"]?["next"] != nil, !data.isEmpty else { break }
            page += 1
        }
        listCache[key] = resources
        return resources
    }

    /// `GET <path>` for one resource, served from the cache when already read by this command.
    /// Returns nil for 404.
    func fetch(_ path: String) throws(ImptError) -> JSON? {
        if let cached = resourceCache[path] { return cached }
        do throws(ImptError) {
            guard let document = try send(ApiRequest("GET", path)), let data = document["data"] else {
                throw ImptError.internalError("Unexpected format of impCentral response")
            }
            resourceCache[path] = data
            return data
        } catch {
            if error.httpStatus == 404 { return nil }
            throw error
        }
    }

    /// The caller's account id (`GET /accounts/me`, once per command).
    func accountID() throws(ImptError) -> String {
        if let accountIDStorage { return accountIDStorage }
        guard let me = try fetch("/accounts/me"), let id = me["id"]?.stringValue else {
            throw .internalError("Unexpected format of impCentral response")
        }
        resourceCache["/accounts/\(id)"] = me
        accountIDStorage = id
        return id
    }

    func invalidateCaches() {
        resourceCache.removeAll()
        listCache.removeAll()
    }

    private func cacheKey(_ path: String, _ query: [(String, String)]) -> String {
        path + "?" + query.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    private func httpRequest(_ request: ApiRequest, token: String) throws(ImptError) -> HTTPRequest {
        var url = try endpoint + request.path
        if !request.query.isEmpty {
            url += "?" + request.query.map { "\(URLEncoding.component($0.0))=\(URLEncoding.component($0.1))" }.joined(separator: "&")
        }
        var headers = [Self.resourceContentType, "Accept: application/vnd.api+json", "Authorization: Bearer \(token)"]
        headers += request.headers
        let body = request.body.map { Array(JSONWriter.write($0, pretty: false).utf8) }
        return HTTPRequest(method: request.method, url: url, headers: headers, body: body)
    }

    /// Sends requests through libcurl after flushing pending output; at a terminal in the default
    /// mode the spinner turns while they are in flight and is erased afterwards.
    private func transfer(_ requests: [HTTPRequest], parallel: Int = 1) throws(ImptError) -> [HTTPResponse] {
        console.flush()
        guard console.showsProgress else {
            return try HTTPTransport.perform(requests, parallel: parallel, environment: environment)
        }
        let spinner = self.spinner
        defer { spinner.clear() }
        return try HTTPTransport.perform(
            requests, parallel: parallel, environment: environment, tickInterval: Spinner.interval, tick: spinner.tick)
    }

    /// Performs one exchange with tracing and 429 back-off.
    private func exchange(_ request: HTTPRequest, shownBody: JSON?) throws(ImptError) -> HTTPResponse {
        var attempts = 0
        while true {
            trace(request, shownBody: shownBody)
            guard let response = try transfer([request]).first else {
                throw .internalError("no response")
            }
            try check(response)
            traceResponse(response)
            if response.status == 429 && attempts < Self.maxRateLimitRetries {
                attempts += 1
                let wait = Int64(response.header("x-ratelimit-reset") ?? "") ?? 1
                Clock.sleep(milliseconds: max(1, min(wait, 60)) * 1000)
                continue
            }
            return response
        }
    }

    private func check(_ response: HTTPResponse) throws(ImptError) {
        guard response.transportError != nil || response.status == 0 else { return }
        if console.mode == .debug, let reason = response.transportError { console.info("ERROR: \(reason)") }
        // A certificate problem is not a network outage: its own words tell the user what to fix
        // (CURL_CA_BUNDLE, the endpoint's name, the clock), ending with a period as the original's
        // other library errors do.
        if response.tlsFailure, let reason = response.transportError, !reason.isEmpty {
            throw ImptError(IMPT_ERR_NETWORK, reason.hasSuffix(".") ? reason : reason + ".")
        }
        throw ImptError(IMPT_ERR_NETWORK, "Access to impCentral failed or timed out. Please check your network connection.")
    }

    /// The parsed body of a successful response, or the failure its error document describes.
    private func body(of response: HTTPResponse) throws(ImptError) -> JSON? {
        try check(response)
        guard (200..<300).contains(response.status) else { throw apiError(response) }
        guard !response.body.isEmpty else { return nil }
        guard let document = try? JSONParser.parse(bytes: response.body) else {
            throw .internalError("Unexpected format of impCentral response")
        }
        if let warnings = document.lookup("data.meta")?.arrayValue {
            for warning in warnings {
                if let title = warning["title"]?.stringValue, let detail = warning["detail"]?.stringValue {
                    console.info("\(title): \(detail)")
                }
            }
        }
        return document
    }

    /// One `Error: <title>: <detail>` per error entry, with compiler messages after it.
    func apiError(_ response: HTTPResponse) -> ImptError {
        var lines: [FailureLine] = []
        var statuses: [Int64] = []
        if let document = try? JSONParser.parse(bytes: response.body), let entries = document["errors"]?.arrayValue {
            for entry in entries {
                guard let title = entry["title"]?.stringValue, let detail = entry["detail"]?.stringValue else { continue }
                let status = entry["status"].flatMap { $0.intValue ?? $0.stringValue.flatMap { Int64($0) } } ?? Int64(response.status)
                statuses.append(status)
                let message = "\(title): \(detail)"
                let rows = (entry["meta"]?.arrayValue ?? []).compactMap(Self.compilerRow)
                if (200..<300).contains(status) {
                    lines.append(.info(message))
                    lines += rows.map { .info($0) }
                } else {
                    lines.append(.error(message))
                    lines += rows.map { .info($0) }
                }
            }
        }
        if !lines.contains(where: { if case .error = $0 { return true } else { return false } }) {
            lines.insert(.error("impCentral API error HTTP/\(response.status)"), at: 0)
        }
        if console.mode == .debug { console.info("ERROR: HTTP/\(response.status): \(ImptError(status: IMPT_ERR_API, lines: lines).message)") }
        var error = ImptError(status: IMPT_ERR_API, httpStatus: Int32(response.status), lines: lines)
        error.entryStatuses = statuses
        return error
    }

    /// `<file> <type> (line <row>, column <column>): <text>` for a compilation message.
    static func compilerRow(_ row: JSON) -> String? {
        guard let text = row["text"]?.stringValue else { return nil }
        let file = row["file"]?.stringValue ?? ""
        let type = row["type"]?.stringValue ?? ""
        let line = row["row"].map(TreeRenderer.scalarText) ?? ""
        let column = row["column"].map(TreeRenderer.scalarText) ?? ""
        return "\(file) \(type) (line \(line), column \(column)): \(text)"
    }

    // MARK: Debug transcript

    /// Request headers that carry credentials: the debug transcript shows `[hidden]` instead.
    static let secretHeaders: Set<String> = [
        "authorization", "x-electricimp-key", "x-electricimp-password", "x-electricimp-otp-token",
    ]

    private func trace(_ request: HTTPRequest, shownBody: JSON?) {
        guard console.mode == .debug else { return }
        var headers = JSONObject()
        for header in request.headers {
            guard let colon = header.firstIndex(of: ":") else { continue }
            let name = String(header[..<colon])
            let value = String(header[header.index(after: colon)...]).trimmed
            headers[name] = .string(Self.secretHeaders.contains(name.asciiLowercased) ? "[hidden]" : value)
        }
        var options = JSONObject([("url", .string(request.url)), ("method", .string(request.method)), ("headers", .object(headers)), ("json", true)])
        if let shownBody { options["body"] = shownBody }
        console.info("Doing the request with options:")
        console.info(JSONWriter.write(.object(options), pretty: true))
        console.info("")
    }

    private func traceResponse(_ response: HTTPResponse) {
        guard console.mode == .debug else { return }
        var headers = JSONObject()
        for header in response.headers { headers[header.name] = .string(header.value) }
        console.info("Response code: \(response.status)")
        console.info("Response headers: " + JSONWriter.write(.object(headers), pretty: true))
        let body = (try? JSONParser.parse(bytes: response.body)).map { JSONWriter.write($0, pretty: true) }
            ?? String(decoding: response.body, as: UTF8.self)
        console.info("Response body: " + body)
    }
}

/// Percent-encoding of URL query components and path segments.
public enum URLEncoding {
    public static func component(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}

extension String {
    var trimmedTrailingSlash: String {
        var text = self
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
