import Hummingbird

/// The web console at `/` and `/console/...`: login, sessions, CSRF checks and dispatch to the
/// pages (`ConsoleAPI+Pages`) and actions (`ConsoleAPI+Actions`).
struct ConsoleAPI: Sendable {
    let env: SimEnvironment
    let admin: AdminAPI

    /// A request that passed the session check: who asks, and with which session.
    struct Visitor: Sendable {
        var session: ConsoleSession
        var caller: Caller
    }

    /// Whether `path` belongs to the console.
    static func handles(_ path: String) -> Bool {
        path == "/" || path == "/console" || path.hasPrefix("/console/")
    }

    func respond(to request: Request) async throws -> Response {
        let path = request.uri.path
        let segments = path.split(separator: "/").map { PercentCoding.decode($0, plusAsSpace: false) }
        let method = request.method
        if method == .get && segments == ["console", "console.css"] {
            return ConsoleResponses.asset(ConsoleAssets.css, contentType: "text/css; charset=utf-8")
        }
        if method == .get && segments == ["console", "console.js"] {
            return ConsoleResponses.asset(ConsoleAssets.javaScript, contentType: "text/javascript; charset=utf-8")
        }
        guard method == .get || method == .post else {
            return message(APIError.methodNotAllowed(method.rawValue, path), back: "/")
        }
        let form = method == .post ? try await readForm(request) : ConsoleForm(body: [])
        let session = ConsoleCookie.sessionID(in: request.headers[.cookie]).flatMap { env.consoleSessions.session($0) }

        if segments == ["console", "login"] {
            return method == .get ? loginPage(session: session) : try await logIn(form, session: session)
        }
        guard let session, session.isLoggedIn, let visitor = try await visitor(session) else {
            if wantsJSON(segments) {
                return ConsoleResponses.json(Self.errorDocument("Log in to the console first."), status: .unauthorized)
            }
            return ConsoleResponses.redirect("/console/login")
        }
        if method == .post {
            guard let token = form["csrf"], Self.same(token, session.csrfToken) else {
                return ConsoleResponses.html(
                    ConsoleTemplates.render(
                        ConsoleMessagePage(
                            title: "Refused",
                            message: "The form carried no valid security token. Reload the page and try again.",
                            back: "/"),
                        "message"),
                    status: .forbidden)
            }
        }
        do {
            return try await route(method: method, segments: segments, form: form, query: request.uri.query, visitor)
        } catch let error as APIError {
            if wantsJSON(segments) { return ConsoleResponses.json(error.document, status: .init(code: error.httpStatus)) }
            return message(error, back: "/")
        }
    }

    private func route(
        method: HTTPRequest.Method, segments: [String], form: ConsoleForm, query: String?, _ visitor: Visitor
    ) async throws -> Response {
        switch (method, segments.count) {
        case (.get, 0):
            return try await productsPage(visitor)
        case (.get, 1) where segments[0] == "console":
            return ConsoleResponses.redirect("/")
        case (.get, 2) where segments[1] == "changes":
            return try await changes()
        case (.get, 2) where segments[1] == "devices":
            return try await devicesPage(visitor, query: QueryParameters(query))
        case (.get, 3) where segments[1] == "products":
            return try await productPage(visitor, id: segments[2])
        case (.get, 3) where segments[1] == "devicegroups":
            return try await groupPage(visitor, id: segments[2], query: QueryParameters(query))
        case (.get, 3) where segments[1] == "devices":
            return try await devicePage(visitor, id: segments[2])
        case (.get, 3) where segments[1] == "deployments":
            return try await deploymentPage(visitor, id: segments[2])
        case (.get, 3) where segments[1] == "webhooks":
            return try await webhookPage(visitor, id: segments[2])
        case (.get, 4) where segments[1] == "devices" && segments[3] == "logs":
            return try await logsAfter(visitor, deviceID: segments[2], query: QueryParameters(query))
        case (.post, 2) where segments[1] == "logout":
            env.consoleSessions.end(visitor.session.id)
            return ConsoleResponses.redirect("/console/login", setCookie: ConsoleCookie.clearing)
        case (.post, 3) where segments[1] == "logstreams" && segments[2] == "drop":
            return try await dropLogStreams(visitor)
        case (.post, 4) where segments[1] == "devices":
            return try await deviceAction(visitor, deviceID: segments[2], action: segments[3], form: form)
        default:
            throw APIError.routeNotFound("/" + segments.joined(separator: "/"))
        }
    }

    /// The visitor of a logged-in session, or nil once its access token has expired (the session
    /// then ends).
    private func visitor(_ session: ConsoleSession) async throws -> Visitor? {
        guard let token = session.accessToken else { return nil }
        do {
            return Visitor(session: session, caller: try await env.caller(accessToken: token))
        } catch is APIError {
            env.consoleSessions.end(session.id)
            return nil
        }
    }

    private func wantsJSON(_ segments: [String]) -> Bool {
        segments == ["console", "changes"] || (segments.count == 4 && segments[1] == "devices" && segments[3] == "logs")
    }

    /// The form body, refused above `ConsoleForm.maxBytes`.
    private func readForm(_ request: Request) async throws -> ConsoleForm {
        let limit = min(ConsoleForm.maxBytes, env.options.maxBodyBytes)
        var body: [UInt8] = []
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError.payloadTooLarge(limit)
        }
        for try await buffer in request.body {
            if body.count + buffer.readableBytes > limit { throw APIError.payloadTooLarge(limit) }
            body.append(contentsOf: buffer.readableBytesView)
        }
        return ConsoleForm(body: body)
    }

    /// Compares two secrets in time independent of where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    static func errorDocument(_ text: String) -> JSONWriter {
        var w = JSONWriter()
        w.raw("{\"error\":")
        w.string(text)
        w.raw("}")
        return w
    }

    /// An error page with the error's status and text.
    func message(_ error: APIError, back: String) -> Response {
        let entry = error.entries.first
        let page = ConsoleMessagePage(
            title: entry?.title ?? "Error", message: entry?.detail ?? "The request failed.", back: back)
        return ConsoleResponses.html(ConsoleTemplates.render(page, "message"), status: .init(code: error.httpStatus))
    }
}
