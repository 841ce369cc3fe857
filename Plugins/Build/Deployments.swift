import ImptPluginAPI
import ImptPluginKit

/// Requests and checks on Deployments shared by the build commands.
enum Deployments {
    /// The attributes of a new Deployment besides its code, in the order they are sent.
    struct Attributes {
        var description: String?
        var origin: String?
        var flagged: Bool?
        var tags: [String]?
    }

    /// `POST /deployments` in a Device Group; returns the new resource.
    static func create(_ context: Context, in group: Entity, code: SourceCode, _ attributes: Attributes) throws(PluginFailure)
        -> Value
    {
        var fields: [(String, JSONLiteral)] = [("device_code", .value(code.device)), ("agent_code", .value(code.agent))]
        if let description = attributes.description { fields.append(("description", .string(description))) }
        if let origin = attributes.origin { fields.append(("origin", .string(origin))) }
        if let flagged = attributes.flagged { fields.append(("flagged", .bool(flagged))) }
        if let tags = attributes.tags { fields.append(("tags", .array(tags.map { .string($0) }))) }
        let body: JSONLiteral = [
            "data": [
                "type": "deployment", "attributes": .object(fields),
                "relationships": ["devicegroup": ["type": .string(group.data["type"]?.string ?? ""), "id": .string(group.id)]],
            ]
        ]
        return try context.requestResource("POST", "/deployments", body: body)
    }

    /// The characters impCentral allows in a tag.
    private static let tagCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-*.".utf8)

    /// Refuses tags impCentral would refuse (or, in a list filter, read as several tags) before
    /// anything is sent.
    static func checkTags(_ context: Context, _ tags: [String]) throws(PluginFailure) {
        for tag in tags where tag.isEmpty || !tag.utf8.allSatisfy(tagCharacters.contains) {
            throw context.fail(
                IMPT_ERR_INVALID_ARGUMENT,
                "Tag \"\(tag)\" is not valid: a tag is not empty and contains only letters, digits and the characters _ - * .")
        }
    }

    /// `Deployment "<ref>"`.
    static func name(_ ref: String) -> String { Messages.entity(IMPT_ENTITY_DEPLOYMENT, ref) }
}
