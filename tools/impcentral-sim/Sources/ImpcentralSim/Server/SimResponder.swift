import Foundation
import Hummingbird

/// The single Hummingbird responder: reads the body, checks content type and size,
/// authenticates, rate-limits, dispatches to the route handlers and turns every error into a
/// JSON:API error document.
struct SimResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let env: SimEnvironment
    let api: API
    let admin: AdminAPI
    let console: ConsoleAPI

    init(env: SimEnvironment) {
        self.env = env
        api = API(env: env)
        admin = AdminAPI(env: env)
        console = ConsoleAPI(env: env, admin: admin)
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = env.options.verbose ? Timestamps.wallMilliseconds() : 0
        var response: Response
        do {
            response = try await handle(request)
        } catch let error as APIError {
            response = Responses.error(error)
        } catch is CancellationError {
            response = Responses.error(APIError(503, "Service Unavailable", "The server is shutting down.", code: "XX002"))
        } catch {
            response = Responses.error(.internalError("Unexpected error: \(error)"))
        }
        if request.uri.path.hasPrefix("/v5") {
            env.events.post(.requestServed, subject: "\(request.method) \(request.uri.path)", status: Int(response.status.code))
        }
        if env.options.verbose {
            let elapsed = Timestamps.wallMilliseconds() - started
            let line = "\(request.method) \(request.uri.string) -> \(response.status.code) (\(elapsed) ms)\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
        return response
    }

    private func handle(_ request: Request) async throws -> Response {
        let path = request.uri.path
        if path == "/v5" || path.hasPrefix("/v5/") {
            if env.options.latency > 0 { try await Task.sleep(for: .milliseconds(env.options.latency)) }
            return try await handleAPI(request, subpath: String(path.dropFirst(3)))
        }
        if path.hasPrefix("/_sim/") {
            if !env.options.hostIsLoopback { try await requireAdminLogin(request) }
            var r = try await makeRequest(request, subpath: String(path.dropFirst(5)), strictContentType: false)
            r.caller = nil
            return try await admin.route(r)
        }
        if ConsoleAPI.handles(path) {
            return try await console.respond(to: request)
        }
        throw APIError.routeNotFound(path)
    }

    /// Off loopback, the admin endpoints need what the API or the console needs: a valid bearer
    /// token, or a logged-in console session (whose non-GET requests must also carry the
    /// session's CSRF token in `X-CSRF-Token`).
    private func requireAdminLogin(_ request: Request) async throws {
        if request.headers[.authorization] != nil {
            _ = try await env.caller(bearer: request.headers[.authorization])
            return
        }
        let refused = APIError(
            401, "Unauthorized",
            "The /_sim/ endpoints need a bearer token or a console login when the simulator listens off loopback.",
            code: "AX001")
        guard let id = ConsoleCookie.sessionID(in: request.headers[.cookie]),
              let session = env.consoleSessions.session(id), let token = session.accessToken
        else { throw refused }
        do {
            _ = try await env.caller(accessToken: token)
        } catch is APIError {
            throw refused
        }
        if request.method != .get && request.method != .head {
            guard let given = request.headers[.csrfToken], ConsoleAPI.same(given, session.csrfToken) else {
                throw APIError.forbidden("A console session's admin request needs its CSRF token in X-CSRF-Token.")
            }
        }
    }

    private func handleAPI(_ request: Request, subpath: String) async throws -> Response {
        var r = try await makeRequest(request, subpath: subpath, strictContentType: true)
        let segments = r.segments
        let unauthenticated =
            (r.method == .post && (segments == ["auth"] || segments == ["auth", "token"]))
            || (r.method == .get && segments.count == 2 && segments[0] == "logstream")
        if unauthenticated {
            return try await api.route(r)
        }
        let caller = try await env.caller(bearer: request.headers[.authorization])
        r.caller = caller
        guard let limiter = env.rateLimiter else {
            return try await api.route(r)
        }
        let decision = limiter.take(caller.id, nowMs: env.time.now())
        var response: Response
        if !decision.allowed {
            response = Responses.error(.rateLimited)
        } else {
            do {
                response = try await api.route(r)
            } catch let error as APIError {
                response = Responses.error(error)
            }
        }
        response.headers[.rateLimitLimit] = String(decision.limit)
        response.headers[.rateLimitRemaining] = String(decision.remaining)
        response.headers[.rateLimitReset] = String(decision.reset)
        return response
    }

    /// Parses the path and query and reads the body within the size limit.
    private func makeRequest(_ request: Request, subpath: String, strictContentType: Bool) async throws
        -> APIRequest
    {
        let limit = env.options.maxBodyBytes
        var body: [UInt8] = []
        if let lengthText = request.headers[.contentLength], let length = Int(lengthText) {
            if length > limit { throw APIError.payloadTooLarge(limit) }
            // The announced length (within the limit) is taken at once: a large body is not regrown.
            body.reserveCapacity(max(0, length))
        }
        for try await buffer in request.body {
            if body.count + buffer.readableBytes > limit { throw APIError.payloadTooLarge(limit) }
            body.append(contentsOf: buffer.readableBytesView)
        }
        if !body.isEmpty {
            let given = request.headers[.contentType] ?? ""
            let media = given.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
            let accepted = media == "application/json" || media == "application/vnd.api+json"
            if !accepted && strictContentType {
                throw APIError.unsupportedMediaType(given.isEmpty ? "(none)" : given)
            }
        }
        let segments = subpath.split(separator: "/", omittingEmptySubsequences: true).map {
            PercentCoding.decode($0, plusAsSpace: false)
        }
        let query = QueryParameters(request.uri.query)
        if segments.contains(where: { $0.utf8.contains(0) })
            || query.pairs.contains(where: { $0.key.utf8.contains(0) || $0.value.utf8.contains(0) }) {
            throw APIError.nulCharacter
        }
        return APIRequest(
            method: request.method, path: subpath, segments: segments, query: query,
            rawQuery: request.uri.query, headers: request.headers, body: body, caller: nil)
    }
}
