import Foundation
import GRDB
import Hummingbird

/// `/deployments`.
extension API {
    private static let deploymentReadOnly: Set<String> = ["sha", "created_at", "updated_at"]
    private static let tagAlphabet = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-*.".utf8))

    /// Validates `tags`: an array of strings of `[A-Za-z0-9_-*.]`, at most 500 characters in all.
    static func tagsValue(_ value: JSONValue) throws(APIError) -> [String] {
        if value.isNull { return [] }
        guard let items = value.arrayValue else { throw APIError.invalidAttribute("'tags' must be an array of strings.") }
        var tags: [String] = []
        var total = 0
        for item in items {
            guard let tag = item.stringValue else { throw APIError.invalidAttribute("'tags' must be an array of strings.") }
            guard !tag.isEmpty, tag.utf8.allSatisfy({ tagAlphabet.contains($0) }) else {
                throw APIError.invalidAttribute("Tag '\(tag)' may only contain letters, digits and _ - * .")
            }
            total += tag.utf8.count
            if !tags.contains(tag) { tags.append(tag) }
        }
        guard total <= 500 else { throw APIError.invalidAttribute("'tags' must be at most 500 characters in total.") }
        return tags
    }

    private static func tagsJSON(_ tags: [String]) -> String {
        JSONValue.array(tags.map { .string($0) }).jsonText
    }

    func listDeployments(_ r: APIRequest) async throws -> Response {
        let caller = try r.authenticated
        try checkFilters(
            r, allowed: ["owner.id", "creator.id", "product.id", "devicegroup.id", "sha", "flagged", "flagger.id", "tags"])
        let page = try Page(r.query)
        let q = r.query
        var flagged: Int?
        if let text = q["filter[flagged]"] {
            switch text.lowercased() {
            case "true": flagged = 1
            case "false": flagged = 0
            case "any", "": flagged = nil
            default: throw APIError.invalidQuery("filter[flagged] must be true, false or any; got '\(text)'.")
            }
        }
        let tags = (q["filter[tags]"] ?? "").split(separator: ",").map {
            String($0).trimmingCharacters(in: [" "])
        }.filter { !$0.isEmpty }
        let equalities: [(String, String?)] = [
            ("owner_id", q["filter[owner.id]"]), ("creator_id", q["filter[creator.id]"]),
            ("product_id", q["filter[product.id]"]), ("devicegroup_id", q["filter[devicegroup.id]"]),
            ("sha", q["filter[sha]"]), ("flagger_id", q["filter[flagger.id]"]),
        ]
        let flaggedFilter = flagged
        let encoder = self.encoder
        return try await cachedList(r) {
            let rows = try await store.read { db -> [DeploymentRow] in
                var sql = "SELECT * FROM deployments WHERE owner_id IN (\(caller.placeholders))"
                var args = caller.ownerArguments
                for (column, value) in equalities {
                    if let value {
                        sql += " AND \(column) = ?"
                        args += [value]
                    }
                }
                if let flaggedFilter {
                    sql += " AND flagged = ?"
                    args += [flaggedFilter]
                }
                for tag in tags {
                    sql += " AND EXISTS (SELECT 1 FROM json_each(deployments.tags) WHERE json_each.value = ?)"
                    args += [tag]
                }
                return try Row.fetchAll(db, sql: sql + " ORDER BY seq" + page.sqlLimit, arguments: args)
                    .map(DeploymentRow.init(row:))
            }
            let (items, more) = page.split(rows)
            let links = PageLinks(base: encoder.base, path: r.path, query: r.query, page: page, hasNext: more)
            return encoder.collection(items, links: links) { w, d in encoder.deployment(&w, d) }
        }
    }

    func getDeployment(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        let deployment = try await store.read { db in try Lookups.deployment(db, caller, id) }
        return Responses.document(encoder.single { encoder.deployment(&$0, deployment) })
    }

    func createDeployment(_ r: APIRequest) async throws -> Response {
        let caller = try r.authenticated
        let doc = try ResourceDocument.parse(r, types: ["deployment"])
        try doc.checkAttributes(
            writable: ["device_code", "agent_code", "description", "origin", "flagged", "tags"],
            readOnly: Self.deploymentReadOnly, resource: "deployment")
        try doc.checkRelationships(allowed: ["devicegroup"], resource: "deployment")
        guard let deviceCode = try doc.string("device_code", maxLength: 4_000_000) else {
            throw APIError.invalidAttribute("'device_code' is required (it may be empty).")
        }
        guard let agentCode = try doc.string("agent_code", maxLength: 4_000_000) else {
            throw APIError.invalidAttribute("'agent_code' is required (it may be empty).")
        }
        let description = try doc.string("description", maxLength: 255, nullAsEmpty: true) ?? ""
        var origin: String?
        if let value = doc.attribute("origin"), !value.isNull {
            guard let text = value.stringValue else { throw APIError.invalidAttribute("'origin' must be a string.") }
            origin = text
        }
        let flagged = try doc.bool("flagged") ?? false
        let tags = try doc.attribute("tags").map { value throws(APIError) in try Self.tagsValue(value) } ?? []
        guard let groupRef = try doc.relationship("devicegroup") else {
            throw APIError.invalidRelationship("Relationship 'devicegroup' is required.")
        }
        guard groupRef.type == "devicegroup" || Lookups.isDeviceGroupType(groupRef.type) else {
            throw APIError.invalidRelationship("Relationship 'devicegroup' must have a devicegroup type.")
        }
        // Stand-in for compilation: brackets, strings and comments must be balanced.
        var rows: [JSONValue] = []
        for (file, code) in [("device_code", deviceCode), ("agent_code", agentCode)] {
            if let problem = SquirrelScanner.firstProblem(in: code) {
                rows.append(.object([
                    JSONMember("file", .string(file)), JSONMember("type", .string("error")),
                    JSONMember("row", .number(String(problem.row))), JSONMember("column", .number(String(problem.column))),
                    JSONMember("text", .string(problem.text)),
                ]))
            }
        }
        if !rows.isEmpty { throw APIError.compilationError(rows) }
        let originValue = origin
        let sha = SHA256Digest.deploymentSHA(deviceCode: deviceCode, agentCode: agentCode)
        let (deployment, deliveries) = try await store.write(stampedBy: env.clock) { db, now -> (DeploymentRow, [WebhookDispatcher.Delivery]) in
            guard let group = try Lookups.deviceGroupIfVisible(db, caller, groupRef.id) else {
                throw APIError.invalidRelationship("The devicegroup \(groupRef.id) does not exist.")
            }
            if groupRef.type != "devicegroup" && groupRef.type != group.type.rawValue {
                throw APIError.invalidRelationship(
                    "Devicegroup \(group.id) is a \(group.type.rawValue), not a \(groupRef.type).")
            }
            let id = Identifiers.resourceID()
            // Built in memory and inserted: reading megabytes of code back would only copy them.
            var deployment = DeploymentRow(
                id: id, group: group, creatorID: caller.id, sha: sha, tagsJSON: Self.tagsJSON(tags), flagged: flagged,
                description: description, origin: originValue, deviceCode: deviceCode, agentCode: agentCode, now: now)
            try deployment.insert(db)
            try db.execute(
                sql: """
                    UPDATE devicegroups SET current_deployment_id = ?, \
                    min_supported_deployment_id = COALESCE(min_supported_deployment_id, ?) WHERE id = ?
                    """,
                arguments: [id, id, group.id])
            let deliveries = try WebhookDispatcher.deliveries(
                db, deviceGroupID: group.id, event: "deployment",
                fields: [
                    JSONMember("devicegroup_id", .string(group.id)),
                    JSONMember("devicegroup_type", .string(group.type.rawValue)),
                    JSONMember("product_id", .string(group.productID)),
                    JSONMember("deployment_id", .string(id)),
                    JSONMember("sha", .string(sha)),
                    JSONMember("tags", .array(tags.map { .string($0) })),
                    JSONMember("flagged", .bool(flagged)),
                    JSONMember("description", .string(description)),
                    JSONMember("origin", originValue.map { .string($0) } ?? .null),
                    JSONMember("creator_id", .string(caller.id)),
                    JSONMember("created_at", .string(Timestamps.iso(now))),
                ],
                now: now)
            return (deployment, deliveries)
        }
        env.apply([.deliver(deliveries)])
        return Responses.created(encoder.single { encoder.deployment(&$0, deployment) })
    }

    func updateDeployment(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        _ = try await store.read { db in try Lookups.deployment(db, caller, id) }
        let doc = try ResourceDocument.parse(r, types: ["deployment"], pathID: id)
        try doc.checkAttributes(
            writable: ["description", "flagged", "tags"],
            readOnly: Self.deploymentReadOnly.union(["device_code", "agent_code", "origin"]), resource: "deployment")
        try doc.checkRelationships(allowed: [], resource: "deployment")
        let description = try doc.string("description", maxLength: 255, nullAsEmpty: true)
        let flagged = try doc.bool("flagged")
        let tags = try doc.attribute("tags").map { value throws(APIError) in try Self.tagsValue(value) }
        let deployment = try await store.write(stampedBy: env.clock) { db, now -> DeploymentRow in
            let current = try Lookups.deployment(db, caller, id)
            if description == nil && flagged == nil && tags == nil { return current }
            var flagger = current.flaggerID
            if let flagged {
                if flagged && !current.flagged { flagger = caller.id }
                if !flagged { flagger = nil }
            }
            try db.execute(
                sql: "UPDATE deployments SET description = ?, flagged = ?, flagger_id = ?, tags = ?, updated_at = ? WHERE id = ?",
                arguments: [
                    description ?? current.description, (flagged ?? current.flagged) ? 1 : 0, flagger,
                    tags.map(Self.tagsJSON) ?? current.tagsJSON, now, id,
                ])
            return try Lookups.deployment(db, caller, id)
        }
        return Responses.document(encoder.single { encoder.deployment(&$0, deployment) })
    }

    func deleteDeployment(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        try await store.write { db in
            let deployment = try Lookups.deploymentStanding(db, caller, id)
            if deployment.flagged { throw APIError.resourceFlagged }
            if let groupID = deployment.deviceGroupID, let group = try Lookups.deviceGroup(db, id: groupID),
               let minID = group.minSupportedDeploymentID, let minimum = try Lookups.deploymentSeq(db, id: minID),
               deployment.seq >= minimum {
                throw APIError.deploymentInUse
            }
            try db.cachedStatement(sql: "DELETE FROM deployments WHERE id = ?").execute(arguments: [id])
        }
        return Responses.noContent
    }
}
