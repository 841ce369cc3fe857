import ImptPluginAPI
import ImptPluginKit

/// `impt build copy`.
struct BuildCopy: Command {
    static let configuration = CommandConfiguration(
        name: "copy", summary: "Copies a Deployment to a Device Group.",
        description: "Creates a new Deployment in a Device Group, of this Product or another, with the device and agent "
            + "code of an existing one. With --all the description, origin, tags and flagged attribute are copied too.")

    @Option(BuildOptions.build) var identifier: String?
    @Option("dg", "g", value: "DEVICE_GROUP_IDENTIFIER",
            help: "The Device Group to copy to: its id or name, or {account}{product}{device group}.", required: true)
    var groupIdentifier: String
    @Option("all", "a", help: "Also copies the description, origin, tags and flagged attribute.") var all: Bool

    func run(_ context: Context) throws(PluginFailure) {
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
