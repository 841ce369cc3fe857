import ImptPluginAPI
import ImptPluginKit

/// `impt build update`.
enum BuildUpdate {
    static let definition = CommandDefinition(
        name: "update", summary: "Changes the description, tags and/or flagged attribute of a Deployment.",
        description: "Changes a Deployment: --descr replaces its description, --tag adds tags, --remove-tag removes "
            + "them and --flagged sets or clears the flag that protects it from deletion.",
        options: [
            BuildOptions.build,
            BuildOptions.descriptionText,
            .list("tag", "t", value: "tag", help: "A tag to add: letters, digits and _ - * . only."),
            .list("remove-tag", "r", value: "tag", help: "A tag to remove."),
            BuildOptions.flagged,
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, CString, CStringList, CStringList, Int32) -> Int32 = {
        ctx, build, description, add, remove, flagged in
        Context.run(ctx) { context throws(PluginFailure) in
            try run(
                context, build: Arguments.string(build), description: Arguments.string(description), add: Arguments.list(add),
                remove: Arguments.list(remove), flagged: Arguments.boolean(flagged))
        }
    }

    static func run(_ context: Context, build identifier: String?, description: String?, add: [String], remove: [String], flagged: Bool?)
        throws(PluginFailure)
    {
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
