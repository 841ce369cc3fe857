import ImptPluginAPI
import ImptPluginKit

/// `impt build copy`.
enum BuildCopy {
    static let definition = CommandDefinition(
        name: "copy", summary: "Copies a Deployment to a Device Group.",
        description: "Creates a new Deployment in a Device Group, of this Product or another, with the device and agent "
            + "code of an existing one. With --all the description, origin, tags and flagged attribute are copied too.",
        options: [
            BuildOptions.build,
            .string("dg", "g", value: "DEVICE_GROUP_IDENTIFIER",
                    help: "The Device Group to copy to: its id or name, or {account}{product}{device group}.", required: true),
            .flag("all", "a", help: "Also copies the description, origin, tags and flagged attribute."),
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, CString, Bool) -> Int32 = { ctx, build, group, all in
        Context.run(ctx) { context throws(PluginFailure) in
            try run(context, build: Arguments.string(build), group: Arguments.string(group), all: all)
        }
    }

    static func run(_ context: Context, build identifier: String?, group groupIdentifier: String?, all: Bool) throws(PluginFailure) {
        let source = try context.resolve(IMPT_ENTITY_DEPLOYMENT, identifier)
        let target = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, groupIdentifier)
        let attributes = source.data["attributes"]
        let code = SourceCode(
            device: attributes?["device_code"] ?? context.make(""), agent: attributes?["agent_code"] ?? context.make(""))
        var copied = Deployments.Attributes()
        if all {
            copied.description = attributes?["description"]?.string
            copied.origin = attributes?["origin"]?.string
            copied.tags = attributes?["tags"]?.elements.compactMap(\.string)
            copied.flagged = attributes?["flagged"]?.bool
        }
        let created = try Deployments.create(context, in: target, code: code, copied)
        let createdName = Deployments.name(created.id ?? "")
        context.info(Messages.created(createdName))
        context.info("\(Deployments.name(source.ref)) is copied successfully to \(createdName).")
    }
}
