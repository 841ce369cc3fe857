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
/// sends requests through a pool that retries each on 429 and 401, maps error documents to
/// failures, keeps within the command's network limits, traces exchanges in debug mode and caches
/// what one command reads more than once.
final class ApiSession {
    static let resourceContentType = "Content-type: application/vnd.api+json"
    static let authContentType = "Content-Type: application/json"
    static let pageSize = 100
    static let refreshMargin: Int64 = 3 * 60 * 1000

    unowned let invocation: Invocation
    var contextStorage: AuthContext?
    /// The auth file as this command last read or wrote it: a refreshed token replaces the file
    /// only while the file still holds this (Tokens).
    var knownFile: AuthFile?
    var accessToken: String?
    var expiresAt: Int64?
    private var resourceCache: [String: JSON] = [:]
    private var listCache: [String: [JSON]] = [:]
    private var accountIDStorage: String?
    private var budgetStorage: NetworkBudget?
    lazy var spinner = Spinner(console: console)
    lazy var trace = ExchangeTrace(console: console)

    init(invocation: Invocation) {
        self.invocation = invocation
    }

    var environment: Environment { invocation.environment }
    var console: Console { invocation.console }

    /// The command's network limits and what it has spent of them.
    var budget: NetworkBudget {
        get throws(ImptError) {
            if let budgetStorage { return budgetStorage }
            let budget = NetworkBudget(limits: try NetworkLimits.from(environment))
            budgetStorage = budget
            return budget
        }
    }

    // MARK: Context

    func context() throws(ImptError) -> AuthContext {
        if let contextStorage { return contextStorage }
        let context = try AuthContext.resolve(environment: environment, directory: invocation.directory)
        if case .file(_, let file) = context {
            accessToken = file.accessToken
            expiresAt = Clock.parseISO8601(file.expiresAt)
            knownFile = file
        }
        contextStorage = context
        return context
    }

    var endpoint: String {
        get throws(ImptError) { try context().endpoint.trimmedTrailingSlash }
    }

    // MARK: Requests

    /// Sends one request and returns its parsed body (nil when empty).
    func send(_ request: ApiRequest) throws(ImptError) -> JSON? {
        let outcome = try batch([request], concurrency: 1)
        return try outcome.items[0].result.get()
    }

    /// Sends several requests, five at a time; each result is its body or its failure, with the
    /// status of its final response.
    func sendMany(_ requests: [ApiRequest]) throws(ImptError) -> [BatchItem] {
        try batch(requests, concurrency: 5).items
    }

    /// Sends independent requests through the pool (see `BatchRunner`).
    func batch(
        _ requests: [ApiRequest], concurrency: Int, progressLabel: String? = nil, interruptible: Bool = false,
        onItem: ((Int, BatchItem) -> Int32)? = nil
    ) throws(ImptError) -> BatchOutcome {
        guard !requests.isEmpty else { return BatchOutcome(items: [], stopStatus: nil) }
        if requests.contains(where: { $0.method != "GET" }) { invalidateCaches() }
        let runner = try BatchRunner(
            session: self, requests: requests, concurrency: concurrency, progressLabel: progressLabel,
            interruptible: interruptible, onItem: onItem)
        return try runner.run()
    }

    /// Every resource of a collection, all pages, de-duplicated by id. Stops with an error naming
    /// the collection when a page brings nothing new while more are announced, or when the page
    /// limit (`IMPT_MAX_PAGES`) is reached.
    func list(_ path: String, query: [(String, String)] = []) throws(ImptError) -> [JSON] {
        let key = cacheKey(path, query)
        if let cached = listCache[key] { return cached }
        let maxPages = try budget.limits.maxPages
        var resources: [JSON] = []
        var seen = Set<String>()
        var page = 1
        while true {
            let pageQuery = query + [("page[number]", String(page)), ("page[size]", String(Self.pageSize))]
            guard let document = try send(ApiRequest("GET", path, query: pageQuery)),
                let data = document["data"]?.arrayValue
            else { throw .internalError("Unexpected format of impCentral response") }
            var added = 0
            for resource in data {
                if let id = resource["id"]?.stringValue {
                    guard seen.insert(id).inserted else { continue }
                }
                resources.append(resource)
                added += 1
            }
            guard document["links"]?["next"] != nil, !data.isEmpty else { break }
            guard added > 0 else {
                throw ImptError(
                    IMPT_ERR_API,
                    "Listing \(path) stopped: impCentral announced more pages, but page \(page) brought no new resources.")
            }
            guard page < maxPages else {
                throw ImptError(IMPT_ERR_API, "Listing \(path) stopped after \(maxPages) pages (IMPT_MAX_PAGES).")
            }
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

    /// The HTTP form of a request, with the bearer token and the command's limits.
    func httpRequest(_ request: ApiRequest, token: String) throws(ImptError) -> HTTPRequest {
        var url = try endpoint + request.path
        if !request.query.isEmpty {
            url += "?" + request.query.map { "\(URLEncoding.component($0.0))=\(URLEncoding.component($0.1))" }.joined(separator: "&")
        }
        var headers = [Self.resourceContentType, "Accept: application/vnd.api+json", "Authorization: Bearer \(token)"]
        headers += request.headers
        let body = request.body.map { JSONWriter.bytes($0, pretty: false) }
        return try limited(HTTPRequest(method: request.method, url: url, headers: headers, body: body))
    }

    /// The request with the response-size limit and a timeout that keeps within the deadline.
    func limited(_ request: HTTPRequest) throws(ImptError) -> HTTPRequest {
        let budget = try self.budget
        var request = request
        request.maxResponseBytes = budget.limits.maxResponseBytes
        request.timeoutMilliseconds = budget.requestTimeout()
        return request
    }

    // MARK: Single exchanges (login and token renewal)

    /// Performs one exchange without a bearer token, with tracing and waits on 429.
    func exchange(_ request: HTTPRequest, shownBody: JSON?) throws(ImptError) -> HTTPResponse {
        let budget = try self.budget
        budget.resume()
        defer { budget.pause() }
        while true {
            if budget.deadlinePassed { throw budget.deadlineError }
            let request = try limited(request)
            trace.request(request, body: shownBody)
            guard let response = try transfer([request]).first else { throw .internalError("no response") }
            if response.failure != nil {
                throw budget.endedAtDeadline(response, sentWithTimeout: request.timeoutMilliseconds)
                    ? budget.deadlineError : transportFailure(response)
            }
            trace.response(response)
            guard response.status == 429 else { return response }
            let wait = NetworkBudget.requestedWait(response)
            try budget.reserveRateLimitWait(wait, requested: wait)
            NetworkBudget.announceWait(wait, console: console)
            Clock.sleep(milliseconds: wait)
        }
    }

    /// Sends requests through libcurl after flushing pending output; at a terminal in the default
    /// mode the spinner turns while they are in flight and is erased afterwards.
    private func transfer(_ requests: [HTTPRequest]) throws(ImptError) -> [HTTPResponse] {
        console.flush()
        guard console.showsProgress else {
            return try HTTPTransport.perform(requests, environment: environment)
        }
        let spinner = self.spinner
        defer { spinner.clear() }
        return try HTTPTransport.perform(requests, environment: environment, tickInterval: Spinner.interval, tick: spinner.tick)
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
