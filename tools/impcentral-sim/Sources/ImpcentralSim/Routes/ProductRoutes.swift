import GRDB
import Hummingbird

/// `/products`.
extension API {
    private static let productWritable: Set<String> = ["name", "description"]
    private static let productReadOnly: Set<String> = ["created_at", "updated_at"]

    func listProducts(_ r: APIRequest) async throws -> Response {
        let caller = try r.authenticated
        try checkFilters(r, allowed: ["owner.id"])
        let page = try Page(r.query)
        let owner = r.query["filter[owner.id]"]
        let encoder = self.encoder
        return try await cachedList(r) {
            let rows = try await store.read { db in
                var sql = "SELECT * FROM products WHERE owner_id IN (\(caller.placeholders))"
                var args = caller.ownerArguments
                if let owner {
                    sql += " AND owner_id = ?"
                    args += [owner]
                }
                return try Row.fetchAll(db, sql: sql + " ORDER BY seq" + page.sqlLimit, arguments: args)
                    .map(ProductRow.init(row:))
            }
            let (items, more) = page.split(rows)
            let links = PageLinks(base: encoder.base, path: r.path, query: r.query, page: page, hasNext: more)
            return encoder.collection(items, links: links, capacity: 512 + items.count * 420) { w, p in
                encoder.product(&w, p)
            }
        }
    }

    func getProduct(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        let product = try await store.read { db in try Lookups.product(db, caller, id) }
        return Responses.document(encoder.single { encoder.product(&$0, product) })
    }

    static func validateProductName(_ name: String) throws(APIError) {
        if name.allSatisfy(\.isWhitespace) || name.count > 80 {
            throw APIError.invalidAttribute("'name' must be 1 to 80 characters.")
        }
    }

    func createProduct(_ r: APIRequest) async throws -> Response {
        let caller = try r.authenticated
        let doc = try ResourceDocument.parse(r, types: ["product"])
        try doc.checkAttributes(writable: Self.productWritable, readOnly: Self.productReadOnly, resource: "product")
        try doc.checkRelationships(allowed: ["owner"], resource: "product")
        guard let name = try doc.string("name") else { throw APIError.invalidAttribute("'name' is required.") }
        try Self.validateProductName(name)
        let description = try doc.string("description", maxLength: 255, nullAsEmpty: true) ?? ""
        var ownerID = caller.id
        if let owner = try doc.relationship("owner") {
            guard owner.type == "account" else {
                throw APIError.invalidRelationship("Relationship 'owner' must have type 'account'.")
            }
            ownerID = owner.id == "me" ? caller.id : owner.id
            guard caller.canSee(owner: ownerID) else {
                throw APIError.forbidden("You do not have permission to create products in account \(owner.id).")
            }
        }
        let product = try await store.write(stampedBy: env.clock) { [ownerID] db, now -> ProductRow in
            if try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM products WHERE owner_id = ? AND name = ?)",
                arguments: [ownerID, name]) == true {
                throw APIError.duplicateProduct
            }
            let id = Identifiers.resourceID()
            try db.execute(
                sql: """
                    INSERT INTO products (id, owner_id, creator_id, name, description, created_at, updated_at) \
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, ownerID, caller.id, name, description, now, now])
            return try Lookups.product(db, caller, id)
        }
        return Responses.created(encoder.single { encoder.product(&$0, product) })
    }

    func updateProduct(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        _ = try await store.read { db in try Lookups.product(db, caller, id) }
        let doc = try ResourceDocument.parse(r, types: ["product"], pathID: id)
        try doc.checkAttributes(writable: Self.productWritable, readOnly: Self.productReadOnly, resource: "product")
        try doc.checkRelationships(allowed: [], resource: "product")
        let name = try doc.string("name")
        if let name { try Self.validateProductName(name) }
        let description = try doc.string("description", maxLength: 255, nullAsEmpty: true)
        let product = try await store.write(stampedBy: env.clock) { db, now -> ProductRow in
            let current = try Lookups.product(db, caller, id)
            if name == nil && description == nil { return current }
            if let name, name != current.name, try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM products WHERE owner_id = ? AND name = ? AND id <> ?)",
                arguments: [current.ownerID, name, id]) == true {
                throw APIError.duplicateProduct
            }
            try db.execute(
                sql: "UPDATE products SET name = ?, description = ?, updated_at = ? WHERE id = ?",
                arguments: [name ?? current.name, description ?? current.description, now, id])
            return try Lookups.product(db, caller, id)
        }
        return Responses.document(encoder.single { encoder.product(&$0, product) })
    }

    func deleteProduct(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        try await store.write { db in
            _ = try Lookups.product(db, caller, id)
            if try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM devicegroups WHERE product_id = ?)", arguments: [id]) == true {
                throw APIError.dependentDeviceGroups
            }
            // Deployments left without a group (none in practice: they go with their group).
            try db.execute(sql: "DELETE FROM deployments WHERE product_id = ? AND devicegroup_id IS NULL", arguments: [id])
            try db.execute(sql: "DELETE FROM products WHERE id = ?", arguments: [id])
        }
        return Responses.noContent
    }
}
