import ImptPluginAPI
import ImptPluginKit

/// `impt build update`.
struct BuildUpdate: Command {
    static let configuration = CommandConfiguration(
        name: "update", summary: "Changes the description, tags and/or flagged attribute of a Deployment.",
        description: "Changes a Deployment: --descr replaces its description, --tag adds tags, --remove-tag removes "
            + "them and --flagged sets or clears the flag that protects it from deletion.")

    @Option(BuildOptions.build) var identifier: String?
    @Option(BuildOptions.descriptionText) var description: String?
    @Option("tag", "t", value: "tag", help: "A tag to add: letters, digits and _ - * . only.") var add: [String]
    @Option("remove-tag", "r", value: "tag", help: "A tag to remove.") var remove: [String]
    @Option(BuildOptions.flagged) var flagged: Bool?

    func run(_ context: Context) throws(PluginFailure) {
        try Deployments.checkTags(context, add)
        let build = try context.resolve(IMPT_ENTITY_DEPLOYMENT, identifier)
        var attributes: [(String, JSONLiteral)] = []
        if let description { attributes.append(("description", .string(description))) }
        if let flagged { attributes.append(("flagged", .bool(flagged))) }
        if !add.isEmpty || !remove.isEmpty {
            var tags = (build.data["attributes"]?["tags"]?.elements ?? []).compactMap(\.string).filter { !remove.contains($0) }
            for tag in add where !tags.contains(tag) { tags.append(tag) }
            attributes.append(("tags", .array(tags.map { .string($0) })))
        }
        try context.request(
            "PATCH", "/deployments/\(build.id)",
            body: ["data": ["type": "deployment", "id": .string(build.id), "attributes": .object(attributes)]])
        context.info(Messages.updated(Deployments.name(build.ref)))
    }
}
