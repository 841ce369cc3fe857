import GRDB
import Hummingbird

/// `/devicegroups` and its restart / relationship endpoints.
extension API {
    private static let groupTypes = Set(DeviceGroupType.allCases.map(\.rawValue))
    private static let groupReadOnly: Set<String> = ["created_at", "updated_at"]

    func listDeviceGroups(_ r: APIRequest) async throws -> Response {
        let caller = try r.authenticated
        try checkFilters(r, allowed: ["owner.id", "product.id", "type"])
        let page = try Page(r.query)
        let owner = r.query["filter[owner.id]"]
        let product = r.query["filter[product.id]"]
        let type = r.query["filter[type]"]
        if let type, DeviceGroupType(rawValue: type) == nil {
            throw APIError.invalidQuery("filter[type] must be one of the seven devicegroup types; got '\(type)'.")
        }
        let encoder = self.encoder
        return try await cachedList(r) {
            let rows = try await store.read { db in
                var sql = DeviceGroupRow.select + " WHERE g.owner_id IN (\(caller.placeholders))"
                var args = caller.ownerArguments
                if let owner { sql += " AND g.owner_id = ?"; args += [owner] }
                if let product { sql += " AND g.product_id = ?"; args += [product] }
                if let type { sql += " AND g.type = ?"; args += [type] }
                return try Row.fetchAll(db, sql: sql + " ORDER BY g.seq" + page.sqlLimit, arguments: args)
                    .map(DeviceGroupRow.init(row:))
            }
            let (items, more) = page.split(rows)
            let links = PageLinks(base: encoder.base, path: r.path, query: r.query, page: page, hasNext: more)
            return encoder.collection(items, links: links) { w, g in encoder.deviceGroup(&w, g) }
        }
    }

    func getDeviceGroup(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        let group = try await store.read { db in try Lookups.deviceGroup(db, caller, id) }
        return Responses.document(encoder.single { encoder.deviceGroup(&$0, group) })
    }

    /// Validates `env_vars`: an object with alphanumeric keys starting with a letter and string or
    /// number values. Returns its JSON text, or nil for JSON null (unset).
    static func envVarsText(_ value: JSONValue) throws(APIError) -> String? {
        if value.isNull { return nil }
        guard let members = value.objectMembers else { throw APIError.invalidAttribute("'env_vars' must be an object.") }
        for member in members {
            let bytes = Array(member.key.utf8)
            let valid = !bytes.isEmpty && bytes.count <= 64
                && ((bytes[0] >= 65 && bytes[0] <= 90) || (bytes[0] >= 97 && bytes[0] <= 122))
                && bytes.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95 }
            guard valid else {
                throw APIError.invalidAttribute(
                    "env_vars key '\(member.key)' must be alphanumeric and start with a letter.")
            }
            switch member.value {
            case .string, .number: break
            default:
                throw APIError.invalidAttribute("env_vars value of '\(member.key)' must be a string or a number.")
            }
        }
        let text = value.jsonText
        if text.utf8.count > 16_384 { throw APIError.invalidAttribute("'env_vars' is too large.") }
        return text
    }

    private static func checkGroupAttributes(_ doc: ResourceDocument, writable: Set<String>, type: DeviceGroupType)
        throws(APIError)
    {
        for member in doc.attributes where !writable.contains(member.key) {
            if member.key == "region" || member.key == "load_code_after_blessing" {
                throw APIError.invalidAttribute(
                    "'\(member.key)' may only be set on production or pre-production devicegroups.")
            }
        }
        try doc.checkAttributes(writable: writable, readOnly: groupReadOnly, resource: type.rawValue)
    }

    private static func validateGroupName(_ name: String) throws(APIError) {
        if name.allSatisfy(\.isWhitespace) || name.count > 80 {
            throw APIError.invalidAttribute("'name' must be 1 to 80 characters.")
        }
    }

    /// Checks a production or DUT target: visible, of the required type, in the same product.
    private static func checkTarget(
        _ db: Database, _ caller: Caller, _ ref: RelationshipRef, name: String, required: DeviceGroupType,
        productID: String
    ) throws -> DeviceGroupRow {
        guard ref.type == required.rawValue || ref.type == "devicegroup" else {
            throw APIError.invalidRelationship("'\(name)' must be a \(required.rawValue); got '\(ref.type)'.")
        }
        guard let target = try Lookups.deviceGroupIfVisible(db, caller, ref.id) else {
            throw APIError.invalidRelationship("The \(name) devicegroup \(ref.id) does not exist.")
        }
        guard target.type == required else {
            throw APIError.invalidRelationship(
                "'\(name)' must be a \(required.rawValue); \(ref.id) is a \(target.type.rawValue).")
        }
        guard target.productID == productID else {
            throw APIError.invalidRelationship("The \(name) devicegroup must belong to the same product.")
        }
        return target
    }

    func createDeviceGroup(_ r: APIRequest) async throws -> Response {
        let caller = try r.authenticated
        let doc = try ResourceDocument.parse(r, types: Self.groupTypes)
        let type = DeviceGroupType(rawValue: doc.type)!
        var writable: Set<String> = ["name", "description", "env_vars"]
        if type.isProductionLike { writable.formUnion(["region", "load_code_after_blessing"]) }
        try Self.checkGroupAttributes(doc, writable: writable, type: type)
        var relationships: Set<String> = ["product"]
        if type.isFactoryLike { relationships.formUnion(["production_target", "dut_target"]) }
        try doc.checkRelationships(allowed: relationships, resource: doc.type)

        guard let name = try doc.string("name") else { throw APIError.invalidAttribute("'name' is required.") }
        try Self.validateGroupName(name)
        let description = try doc.string("description", maxLength: 255, nullAsEmpty: true) ?? ""
        let region = try doc.string("region", maxLength: 64)
        let load = try doc.bool("load_code_after_blessing")
        var envVarsText: String?
        if let value = doc.attribute("env_vars") { envVarsText = try Self.envVarsText(value) }
        let envVars = envVarsText
        guard let productRef = try doc.relationship("product") else {
            throw APIError.invalidRelationship("Relationship 'product' is required.")
        }
        guard productRef.type == "product" else {
            throw APIError.invalidRelationship("Relationship 'product' must have type 'product'.")
        }
        let productionRef = try doc.relationship("production_target")
        let dutRef = try doc.relationship("dut_target")
        if type.isFactoryLike && (productionRef == nil || dutRef == nil) {
            throw APIError.invalidRelationship(
                "A \(type.rawValue) needs both 'production_target' and 'dut_target' relationships.")
        }
        let group = try await store.write(stampedBy: env.clock) { db, now -> DeviceGroupRow in
            guard let product = try? Lookups.product(db, caller, productRef.id) else {
                throw APIError.invalidRelationship("The product \(productRef.id) does not exist.")
            }
            var productionID: String?
            var dutID: String?
            if let productionRef, let required = type.requiredProductionTarget {
                productionID = try Self.checkTarget(
                    db, caller, productionRef, name: "production_target", required: required, productID: product.id).id
            }
            if let dutRef, let required = type.requiredDUTTarget {
                dutID = try Self.checkTarget(
                    db, caller, dutRef, name: "dut_target", required: required, productID: product.id).id
            }
            if try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM devicegroups WHERE product_id = ? AND name = ?)",
                arguments: [product.id, name]) == true {
                throw APIError.duplicateDeviceGroup
            }
            let id = Identifiers.resourceID()
            let loadValue: Int? = type.isProductionLike ? ((load ?? true) ? 1 : 0) : nil
            try db.execute(
                sql: """
                    INSERT INTO devicegroups (id, type, product_id, owner_id, creator_id, name, description, region, \
                    load_code_after_blessing, env_vars, production_target_id, dut_target_id, created_at, updated_at) \
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, type.rawValue, product.id, product.ownerID, caller.id, name, description, region, loadValue,
                    envVars, productionID, dutID, now, now,
                ])
            return try Lookups.deviceGroup(db, caller, id)
        }
        return Responses.created(encoder.single { encoder.deviceGroup(&$0, group) })
    }

    func updateDeviceGroup(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        let existing = try await store.read { db in try Lookups.deviceGroup(db, caller, id) }
        let doc = try ResourceDocument.parse(r, types: Self.groupTypes, pathID: id)
        guard doc.type == existing.type.rawValue else {
            throw APIError.invalidDocument("The type of a devicegroup cannot be changed (it is \(existing.type.rawValue)).")
        }
        let type = existing.type
        var writable: Set<String> = ["name", "description", "env_vars"]
        if type.isProductionLike { writable.formUnion(["region", "load_code_after_blessing"]) }
        try Self.checkGroupAttributes(doc, writable: writable, type: type)
        let allowedRelationships: Set<String> = type.isFactoryLike ? ["production_target", "dut_target"] : []
        try doc.checkRelationships(allowed: allowedRelationships, resource: doc.type)

        let name = try doc.string("name")
        if let name { try Self.validateGroupName(name) }
        let description = try doc.string("description", maxLength: 255, nullAsEmpty: true)
        let region = try doc.string("region", maxLength: 64)
        let load = try doc.bool("load_code_after_blessing")
        let hasEnv = doc.has("env_vars")
        var envVarsText: String?
        if let value = doc.attribute("env_vars") { envVarsText = try Self.envVarsText(value) }
        let envVars = envVarsText
        let productionRef = try doc.relationship("production_target")
        let dutRef = try doc.relationship("dut_target")
        let changes = name != nil || description != nil || region != nil || load != nil || hasEnv
            || productionRef != nil || dutRef != nil
        let group = try await store.write(stampedBy: env.clock) { db, now -> DeviceGroupRow in
            let current = try Lookups.deviceGroup(db, caller, id)
            guard changes else { return current }
            if let name, name != current.name, try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM devicegroups WHERE product_id = ? AND name = ? AND id <> ?)",
                arguments: [current.productID, name, id]) == true {
                throw APIError.duplicateDeviceGroup
            }
            var productionID = current.productionTargetID
            var dutID = current.dutTargetID
            if let productionRef, let required = type.requiredProductionTarget {
                productionID = try Self.checkTarget(
                    db, caller, productionRef, name: "production_target", required: required,
                    productID: current.productID).id
            }
            if let dutRef, let required = type.requiredDUTTarget {
                dutID = try Self.checkTarget(
                    db, caller, dutRef, name: "dut_target", required: required, productID: current.productID).id
            }
            let loadValue: Int? = load.map { $0 ? 1 : 0 } ?? current.loadCodeAfterBlessing.map { $0 ? 1 : 0 }
            try db.execute(
                sql: """
                    UPDATE devicegroups SET name = ?, description = ?, region = ?, load_code_after_blessing = ?, \
                    env_vars = ?, production_target_id = ?, dut_target_id = ?, updated_at = ? WHERE id = ?
                    """,
                arguments: [
                    name ?? current.name, description ?? current.description, region ?? current.region, loadValue,
                    hasEnv ? envVars : current.envVars, productionID, dutID, now, id,
                ])
            return try Lookups.deviceGroup(db, caller, id)
        }
        return Responses.document(encoder.single { encoder.deviceGroup(&$0, group) })
    }

    func deleteDeviceGroup(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        let keepZombies = env.options.zombieDeployments
        try await store.write { db in
            _ = try Lookups.deviceGroup(db, caller, id)
            if try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM devicegroups WHERE production_target_id = ? OR dut_target_id = ?)",
                arguments: [id, id]) == true {
                throw APIError.deviceGroupIsTarget
            }
            if try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM devices WHERE devicegroup_id = ?)", arguments: [id]) == true {
                throw APIError.devicesAssigned
            }
            if try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM deployments WHERE devicegroup_id = ? AND flagged = 1)",
                arguments: [id]) == true {
                throw APIError.flaggedDeploymentsExist
            }
            // The group's deployments and webhooks go with it.
            try db.execute(
                sql: """
                    DELETE FROM webhook_deliveries WHERE webhook_id IN (SELECT id FROM webhooks WHERE devicegroup_id = ?)
                    """,
                arguments: [id])
            try db.execute(sql: "DELETE FROM webhooks WHERE devicegroup_id = ?", arguments: [id])
            if keepZombies {
                try db.execute(
                    sql: "UPDATE deployments SET devicegroup_id = NULL, devicegroup_type = NULL WHERE devicegroup_id = ?",
                    arguments: [id])
            } else {
                try db.execute(sql: "DELETE FROM deployments WHERE devicegroup_id = ?", arguments: [id])
            }
            try db.execute(sql: "DELETE FROM devicegroups WHERE id = ?", arguments: [id])
        }
        return Responses.noContent
    }

    func restartDeviceGroup(_ r: APIRequest, id: String, conditional: Bool) async throws -> Response {
        let caller = try r.authenticated
        let effects = try await store.write(stampedBy: env.clock) { db, now -> [SideEffect] in
            _ = try Lookups.deviceGroup(db, caller, id)
            let deviceIDs = try String.fetchAll(
                db, sql: "SELECT id FROM devices WHERE devicegroup_id = ? ORDER BY seq", arguments: [id])
            return try deviceIDs.map { try DeviceOperations.boot(db, deviceID: $0, now: now) }
        }
        env.apply(effects)
        return Responses.noContent
    }

    func setMinSupportedDeployment(_ r: APIRequest, id: String) async throws -> Response {
        let caller = try r.authenticated
        let body = try r.json()
        guard let data = body["data"] else {
            throw APIError.invalidDocument("Send {\"data\": {\"type\": \"deployment\", \"id\": <deployment id>}}.")
        }
        let ref = try RelationshipRef.parse(data, name: "min_supported_deployment")
        guard ref.type == "deployment" else {
            throw APIError.invalidRelationship("'min_supported_deployment' must have type 'deployment'.")
        }
        try await store.write(stampedBy: env.clock) { db, now in
            let group = try Lookups.deviceGroup(db, caller, id)
            guard let deployment = try Lookups.deploymentIfVisible(db, caller, ref.id),
                  deployment.deviceGroupID == group.id
            else {
                throw APIError.invalidRelationship("Deployment \(ref.id) does not belong to devicegroup \(id).")
            }
            if let currentMinID = group.minSupportedDeploymentID,
               let currentMin = try Lookups.deployment(db, id: currentMinID), deployment.seq < currentMin.seq {
                throw APIError.invalidRelationship(
                    "The min supported deployment cannot be set to a deployment older than the current one.")
            }
            try db.execute(
                sql: "UPDATE devicegroups SET min_supported_deployment_id = ?, updated_at = ? WHERE id = ?",
                arguments: [deployment.id, now, id])
        }
        return Responses.noContent
    }

    /// The `{"data":[{"type":"device","id":...}]}` list of a devices relationship request.
    private static func deviceRefs(_ r: APIRequest) throws(APIError) -> [String] {
        let body = try r.json()
        guard let data = body["data"] else {
            throw APIError.invalidDocument("Send {\"data\": [{\"type\": \"device\", \"id\": <device>}, ...]}.")
        }
        let items: [JSONValue] = data.arrayValue ?? [data]
        var ids: [String] = []
        for item in items {
            let ref = try RelationshipRef.parse(item, name: "devices")
            guard ref.type == "device" else {
                throw APIError.invalidRelationship("Each entry of 'data' must have type 'device'.")
            }
            ids.append(ref.id)
        }
        if ids.isEmpty { throw APIError.invalidDocument("'data' must list at least one device.") }
        if ids.count > 1000 { throw APIError.invalidDocument("At most 1000 devices per request.") }
        return ids
    }

    private static func deviceNotFoundEntry(_ id: String, detail: String) -> APIErrorEntry {
        APIErrorEntry(status: 404, title: "Resource Not Found", detail: detail, code: "NF002")
    }

    func assignDevices(_ r: APIRequest, groupID: String) async throws -> Response {
        let caller = try r.authenticated
        let ids = try Self.deviceRefs(r)
        let effects = try await store.write(stampedBy: env.clock) { db, now -> [SideEffect] in
            let group = try Lookups.deviceGroup(db, caller, groupID)
            var devices: [DeviceRow] = []
            var failures: [APIErrorEntry] = []
            for identifier in ids {
                if let device = try Lookups.deviceIfVisible(db, caller, identifier) {
                    devices.append(device)
                } else {
                    failures.append(Self.deviceNotFoundEntry(identifier, detail: "Device \(identifier) could not be found."))
                }
            }
            if !failures.isEmpty { throw APIError(httpStatus: 400, entries: failures) }
            var effects: [SideEffect] = []
            // Devices already in the group stay as they are (and keep running).
            for device in devices where device.deviceGroupID != group.id {
                effects.append(try DeviceOperations.assign(db, device: device, groupID: group.id, now: now))
            }
            return effects
        }
        env.apply(effects)
        return Responses.noContent
    }

    func unassignDevices(_ r: APIRequest, groupID: String) async throws -> Response {
        let caller = try r.authenticated
        let ids = try Self.deviceRefs(r)
        let unbondKey = r.header("X-Electricimp-Key") ?? ""
        let effects = try await store.write(stampedBy: env.clock) { db, now -> [SideEffect] in
            let group = try Lookups.deviceGroup(db, caller, groupID)
            if group.type == .production && unbondKey.isEmpty {
                throw APIError(
                    403, "Invalid Permission",
                    "Removing devices from a production devicegroup requires the unbond key in the X-Electricimp-Key header.",
                    code: "PX003")
            }
            var members: [DeviceRow] = []
            var failures: [APIErrorEntry] = []
            for identifier in ids {
                if let device = try Lookups.deviceIfVisible(db, caller, identifier), device.deviceGroupID == group.id {
                    members.append(device)
                } else {
                    failures.append(Self.deviceNotFoundEntry(
                        identifier, detail: "Device \(identifier) is not assigned to devicegroup \(groupID)."))
                }
            }
            if members.isEmpty { throw APIError(httpStatus: 400, entries: failures) }
            var effects: [SideEffect] = []
            for device in members {
                effects.append(try DeviceOperations.unassign(db, deviceID: device.id, now: now))
            }
            return effects
        }
        env.apply(effects)
        return Responses.noContent
    }
}
