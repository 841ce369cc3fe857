import GRDB
import Hummingbird

/// `/webhooks`.
extension API {
    static let webhookEvents: Set<String> = ["blessing", "blinkup", "deployment"]
    static let webhookContentTypes: Set<String> = ["application/json", "application/x-www-form-urlencoded"]
    private static let webhookReadOnly: Set<String> = ["created_at", "updated_at"]

    /// http:// or https:// with a host.
    static func validateWebhookURL(_ url: String) throws(APIError) {
        let lower = url.lowercased()
        let rest: Substring
        if lower.hasPrefix("http://") {
            rest = url.dropFirst(7)
        } else if lower.hasPrefix("https://") {
            rest = url.dropFirst(8)
        } else {
            throw APIError.invalidURL
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !url.contains(" "), url.count <= 2048 else { throw APIError.invalidURL }
    }

    func listWebhooks(_ r: APIRequest) async throws -> Response {
        let caller = try r.authenticated
        try checkFilters(r, allowed: ["devicegroup.id"])
        let page = try Page(r.query)
        let group = r.query["filter[devicegroup.id]"]
        let encoder = self.encoder
        return try await cachedList(r) {
            let rows = try await store.read { db in
                var sql = "SELECT * FROM webhooks WHERE owner_id IN (\(caller.placeholders))"
                var args = caller.ownerArguments
                if let group { sql += " AND devicegroup_id = ?"; args += [group] }
                return try Row.fetchAll(db, sql: sql + " ORDER BY seq" + page.sqlLimit, arguments: args)
                    .map(WebhookRow.init(row:))
            }
            let (items, more) = page.split(rows)
            let links = PageLinks(base: encoder.base, path: r.path, query: r.query, page: page, hasNext: more)
            return encoder.collection(items, links: links) { w, h in encoder.webhook(&w, h) }
        }
    }

    func getWebhook(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        let hook = try await store.read { db in try Lookups.webhook(db, caller, id) }
        return Responses.document(encoder.single { encoder.webhook(&$0, hook) })
    }

    func createWebhook(_ r: APIRequest) async throws -> Response {
        let caller = try r.authenticated
        let doc = try ResourceDocument.parse(r, types: ["webhook"])
        try doc.checkAttributes(
            writable: ["url", "event", "content_type"], readOnly: Self.webhookReadOnly, resource: "webhook")
        try doc.checkRelationships(allowed: ["devicegroup"], resource: "webhook")
        guard let url = try doc.string("url") else { throw APIError.invalidAttribute("'url' is required.") }
        try Self.validateWebhookURL(url)
        guard let event = try doc.string("event") else { throw APIError.invalidAttribute("'event' is required.") }
        guard Self.webhookEvents.contains(event) else {
            throw APIError.invalidAttribute("'event' must be one of blessing, blinkup, deployment; got '\(event)'.")
        }
        guard let contentType = try doc.string("content_type") else {
            throw APIError.invalidAttribute("'content_type' is required.")
        }
        guard Self.webhookContentTypes.contains(contentType) else {
            throw APIError.invalidAttribute(
                "'content_type' must be application/json or application/x-www-form-urlencoded; got '\(contentType)'.")
        }
        guard let groupRef = try doc.relationship("devicegroup") else {
            throw APIError.invalidRelationship("Relationship 'devicegroup' is required.")
        }
        guard groupRef.type == "devicegroup" || Lookups.isDeviceGroupType(groupRef.type) else {
            throw APIError.invalidRelationship("Relationship 'devicegroup' must have a devicegroup type.")
        }
        let hook = try await store.write(stampedBy: env.clock) { db, now -> WebhookRow in
            guard let group = try Lookups.deviceGroupIfVisible(db, caller, groupRef.id) else {
                throw APIError.invalidRelationship("The devicegroup \(groupRef.id) does not exist.")
            }
            let id = Identifiers.resourceID()
            try db.execute(
                sql: """
                    INSERT INTO webhooks (id, devicegroup_id, devicegroup_type, product_id, owner_id, creator_id, url, \
                    event, content_type, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, group.id, group.type.rawValue, group.productID, group.ownerID, caller.id, url, event,
                    contentType, now, now,
                ])
            return try Lookups.webhook(db, caller, id)
        }
        return Responses.created(encoder.single { encoder.webhook(&$0, hook) })
    }

    func updateWebhook(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        _ = try await store.read { db in try Lookups.webhook(db, caller, id) }
        let doc = try ResourceDocument.parse(r, types: ["webhook"], pathID: id)
        try doc.checkAttributes(
            writable: ["url", "content_type"], readOnly: Self.webhookReadOnly.union(["event"]), resource: "webhook")
        try doc.checkRelationships(allowed: [], resource: "webhook")
        let url = try doc.string("url")
        if let url { try Self.validateWebhookURL(url) }
        let contentType = try doc.string("content_type")
        if let contentType, !Self.webhookContentTypes.contains(contentType) {
            throw APIError.invalidAttribute(
                "'content_type' must be application/json or application/x-www-form-urlencoded; got '\(contentType)'.")
        }
        let hook = try await store.write(stampedBy: env.clock) { db, now -> WebhookRow in
            let current = try Lookups.webhook(db, caller, id)
            if url == nil && contentType == nil { return current }
            try db.execute(
                sql: "UPDATE webhooks SET url = ?, content_type = ?, updated_at = ? WHERE id = ?",
                arguments: [url ?? current.url, contentType ?? current.contentType, now, id])
            return try Lookups.webhook(db, caller, id)
        }
        return Responses.document(encoder.single { encoder.webhook(&$0, hook) })
    }

    func deleteWebhook(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        try await store.write { db in
            _ = try Lookups.webhook(db, caller, id)
            try db.execute(sql: "DELETE FROM webhooks WHERE id = ?", arguments: [id])
        }
        return Responses.noContent
    }
}
