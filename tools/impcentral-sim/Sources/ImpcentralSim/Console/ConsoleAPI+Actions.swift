import Hummingbird

/// The console's buttons: each checks that the logged-in account may see the device, then runs
/// the very admin endpoint a test would call (`/_sim/...`), so impt sees the effect at once.
extension ConsoleAPI {
    /// Longest log line the console injects.
    static let maxLogLine = 4096

    func deviceAction(_ visitor: Visitor, deviceID: String, action: String, form: ConsoleForm) async throws -> Response {
        let caller = visitor.caller
        let device = try await env.store.read { db in try Lookups.device(db, caller, deviceID) }
        let page = "/console/devices/\(device.id)"
        var body = JSONWriter()
        let method: HTTPRequest.Method
        var path = ["devices", device.id]
        switch action {
        case "online":
            guard let value = form["online"], value == "true" || value == "false" else {
                throw APIError.invalidAttribute("'online' must be true or false.")
            }
            method = .patch
            body.raw("{\"online\":")
            body.bool(value == "true")
            body.raw("}")
        case "blinkup":
            method = .post
            path.append("blinkup")
            let group = form["devicegroup"] ?? ""
            if group.isEmpty {
                body.raw("{}")
            } else {
                // Only a group the account may see.
                let groupID = try await env.store.read { db in try Lookups.deviceGroup(db, caller, group).id }
                body.raw("{\"devicegroup\":")
                body.string(groupID)
                body.raw("}")
            }
        case "bless":
            guard let value = form["success"], value == "true" || value == "false" else {
                throw APIError.invalidAttribute("'success' must be true or false.")
            }
            method = .post
            path.append("bless")
            body.raw("{\"success\":")
            body.bool(value == "true")
            body.raw("}")
        case "logs":
            let message = try form.required("msg", label: "The log line")
            guard message.utf8.count <= Self.maxLogLine else {
                throw APIError.invalidAttribute("The log line may be at most \(Self.maxLogLine) bytes long.")
            }
            let type = form["type"] ?? "server.log"
            guard ["server.log", "server.error", "agent.log", "agent.error"].contains(type) else {
                throw APIError.invalidAttribute("Unknown log type '\(type)'.")
            }
            method = .post
            path.append("logs")
            body.raw("{\"type\":")
            body.string(type)
            body.raw(",\"msg\":")
            body.string(message)
            body.raw("}")
        default:
            throw APIError.routeNotFound("/console/devices/\(device.id)/\(action)")
        }
        _ = try await admin.route(adminRequest(method, path, body: body))
        return ConsoleResponses.redirect(page)
    }

    /// Ends the logged-in account's open log stream connections (as `POST
    /// /_sim/accounts/{account}/logstreams/drop` does).
    func dropLogStreams(_ visitor: Visitor) async throws -> Response {
        _ = try await admin.route(
            adminRequest(.post, ["accounts", visitor.caller.id, "logstreams", "drop"], body: JSONWriter()))
        return ConsoleResponses.redirect("/")
    }

    private func adminRequest(_ method: HTTPRequest.Method, _ segments: [String], body: JSONWriter) -> APIRequest {
        APIRequest(
            method: method, path: "/" + segments.joined(separator: "/"), segments: segments, query: QueryParameters(nil),
            rawQuery: nil, headers: [.contentType: "application/json"], body: Array(body.text.utf8), caller: nil)
    }
}
