import Hummingbird

/// `/logstream`: create a stream, open it as Server-Sent Events, add and remove devices.
extension API {
    func createLogStream(_ r: APIRequest) async throws -> Response {
        let caller = try r.authenticated
        let id = Identifiers.resourceID()
        env.hub.create(id: id, accountID: caller.id)
        var w = JSONWriter(capacity: 256)
        w.raw("{\"data\":{\"type\":\"logstream\",\"id\":")
        w.string(id)
        w.raw(",\"attributes\":{\"url\":")
        w.string(encoder.base + "/logstream/" + id)
        w.raw("},\"relationships\":{\"owner\":{\"type\":\"account\",\"id\":")
        w.string(caller.id)
        w.raw("}}}}")
        return Responses.document(w)
    }

    /// The SSE response: headers go out at once, then `opened`, then events until the stream
    /// is closed (superseded, or the server stops) or the client goes away.
    func openLogStream(_ r: APIRequest, id: String) async throws -> Response {
        let formatText = r.query["format"] ?? "text"
        guard let format = LogStreamHub.Format(rawValue: formatText) else {
            throw APIError.invalidQuery("format must be text or json; got '\(formatText)'.")
        }
        guard let (events, backlog) = env.hub.connect(id, format: format) else { throw APIError.notFound("log stream") }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                for await chunk in events {
                    try await writer.write(chunk)
                    backlog.written()
                }
                try await writer.finish(nil)
            })
    }

    private func ownedStream(_ caller: Caller, _ streamID: String) throws {
        guard env.hub.owner(of: streamID) == caller.id else { throw APIError.notFound("log stream") }
    }

    func addLogStreamDevice(_ r: APIRequest, streamID: String, device: String) async throws -> Response {
        let caller = try r.authenticated
        try ownedStream(caller, streamID)
        let found = try await store.read { db in try Lookups.device(db, caller, device) }
        if found.deviceGroupType == DeviceGroupType.production.rawValue { throw APIError.productionLogs }
        env.hub.subscribe(streamID, deviceID: found.id)
        return Responses.noContent
    }

    func removeLogStreamDevice(_ r: APIRequest, streamID: String, device: String) async throws -> Response {
        let caller = try r.authenticated
        try ownedStream(caller, streamID)
        let found = try await store.read { db in try Lookups.device(db, caller, device) }
        guard env.hub.unsubscribe(streamID, deviceID: found.id) else {
            throw APIError.notFound("device in this log stream")
        }
        return Responses.noContent
    }
}
