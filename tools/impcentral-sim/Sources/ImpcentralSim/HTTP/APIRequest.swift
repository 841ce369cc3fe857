import Hummingbird

/// What a route handler needs to know about a request, with its body already read.
struct APIRequest: Sendable {
    var method: HTTPRequest.Method
    /// Path below the base (`/products/123`), still percent-encoded.
    var path: String
    /// Percent-decoded path segments below the base.
    var segments: [String]
    var query: QueryParameters
    var rawQuery: String?
    var headers: HTTPFields
    var body: [UInt8]
    /// The authenticated caller (nil on unauthenticated endpoints).
    var caller: Caller?

    func header(_ name: String) -> String? {
        guard let field = HeaderName(name) else { return nil }
        return headers[field]
    }

    /// The caller; handlers behind authentication can rely on it.
    var authenticated: Caller {
        get throws(APIError) {
            guard let caller else { throw APIError.missingToken }
            return caller
        }
    }

    /// The body parsed as JSON. A string or key holding U+0000 is refused: the store's C strings
    /// would end there, so what is stored (and checked for uniqueness) would not be what was sent.
    func json() throws(APIError) -> JSONValue {
        guard !body.isEmpty else { throw APIError.invalidDocument("A JSON request body is required.") }
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            throw APIError.malformedJSON(error.description)
        }
        if value.containsNUL { throw APIError.nulCharacter }
        return value
    }

    /// The body parsed as JSON, or nil when empty.
    func optionalJSON() throws(APIError) -> JSONValue? {
        if body.isEmpty || body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return nil
        }
        return try json()
    }
}

/// A bare relationship `{"type": ..., "id": ...}` from a request document.
struct RelationshipRef: Sendable {
    var type: String
    var id: String
}

/// The `data` member of a create or update document.
struct ResourceDocument: Sendable {
    var type: String
    var id: String?
    var attributes: [JSONMember]
    var relationships: [JSONMember]

    /// Parses `{"data":{"type","id"?,"attributes"?,"relationships"?}}`.
    /// - Parameters:
    ///   - types: accepted values of `data.type`.
    ///   - pathID: for updates, the id in the path; a different `data.id` is refused.
    static func parse(_ request: APIRequest, types: Set<String>, pathID: String? = nil) throws(APIError)
        -> ResourceDocument
    {
        let root = try request.json()
        guard root.objectMembers != nil else { throw APIError.invalidDocument("The request body must be a JSON object.") }
        guard let data = root["data"], let members = data.objectMembers else {
            throw APIError.invalidDocument("The request document must have a 'data' object.")
        }
        for member in members where !["type", "id", "attributes", "relationships", "links", "meta"].contains(member.key) {
            throw APIError.invalidDocument("Unknown member 'data.\(member.key)'.")
        }
        guard let type = data["type"]?.stringValue else {
            throw APIError.invalidDocument("'data.type' must be a string.")
        }
        guard types.contains(type) else {
            let expected = types.sorted().joined(separator: ", ")
            throw APIError.invalidDocument("'data.type' must be one of: \(expected); got '\(type)'.")
        }
        var id: String?
        if let idValue = data["id"] {
            guard let text = idValue.stringValue else { throw APIError.invalidDocument("'data.id' must be a string.") }
            id = text
            if let pathID, text != pathID {
                throw APIError.invalidDocument("'data.id' does not match the id in the path.")
            }
        }
        var attributes: [JSONMember] = []
        if let value = data["attributes"], !value.isNull {
            guard let members = value.objectMembers else {
                throw APIError.invalidDocument("'data.attributes' must be an object.")
            }
            attributes = members
        }
        var relationships: [JSONMember] = []
        if let value = data["relationships"], !value.isNull {
            guard let members = value.objectMembers else {
                throw APIError.invalidDocument("'data.relationships' must be an object.")
            }
            relationships = members
        }
        return ResourceDocument(type: type, id: id, attributes: attributes, relationships: relationships)
    }

    /// Refuses attributes outside `writable`; read-only ones get a dedicated message.
    func checkAttributes(writable: Set<String>, readOnly: Set<String>, resource: String) throws(APIError) {
        for member in attributes where !writable.contains(member.key) {
            if readOnly.contains(member.key) {
                throw APIError.invalidAttribute("'\(member.key)' is a read-only attribute of \(resource).")
            }
            throw APIError.unknownAttribute(member.key, resource)
        }
    }

    func checkRelationships(allowed: Set<String>, resource: String) throws(APIError) {
        for member in relationships where !allowed.contains(member.key) {
            throw APIError.invalidRelationship("'\(member.key)' is not a writable relationship of \(resource).")
        }
    }

    func attribute(_ name: String) -> JSONValue? {
        attributes.last(where: { $0.key == name })?.value
    }

    func has(_ name: String) -> Bool { attributes.contains(where: { $0.key == name }) }

    /// A string attribute; nil when absent. `nullable` allows JSON null (returned as "").
    func string(_ name: String, maxLength: Int = 100_000, nullAsEmpty: Bool = false) throws(APIError) -> String? {
        guard let value = attribute(name) else { return nil }
        if nullAsEmpty, value.isNull { return "" }
        guard let text = value.stringValue else {
            throw APIError.invalidAttribute("'\(name)' must be a string.")
        }
        // Counting characters walks grapheme clusters: only do it when the bytes could be too many.
        if text.utf8.count > maxLength, text.count > maxLength {
            throw APIError.invalidAttribute("'\(name)' must be at most \(maxLength) characters.")
        }
        return text
    }

    func bool(_ name: String) throws(APIError) -> Bool? {
        guard let value = attribute(name) else { return nil }
        guard let flag = value.boolValue else { throw APIError.invalidAttribute("'\(name)' must be a boolean.") }
        return flag
    }

    /// A bare `{"type","id"}` relationship (a `{"data":{...}}` wrapper is tolerated too).
    func relationship(_ name: String) throws(APIError) -> RelationshipRef? {
        guard let value = relationships.last(where: { $0.key == name })?.value else { return nil }
        return try RelationshipRef.parse(value, name: name)
    }
}

extension RelationshipRef {
    static func parse(_ value: JSONValue, name: String) throws(APIError) -> RelationshipRef {
        var object = value
        if let inner = value["data"], value["id"] == nil { object = inner }
        guard let type = object["type"]?.stringValue, let id = object["id"]?.stringValue else {
            throw APIError.invalidRelationship("Relationship '\(name)' must be an object with string 'type' and 'id'.")
        }
        return RelationshipRef(type: type, id: id)
    }
}
