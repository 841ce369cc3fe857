import ImptPluginAPI
import ImptPluginKit

/// `impt project update`.
struct ProjectUpdate: Command {
    static let configuration = CommandConfiguration(
        name: "update", summary: "Updates the Project of the current directory.",
        description: "Changes the name, description or targets of the Project's Device Group, as \"impt dg update\" "
            + "does, and links other source files to the Project. Missing source files are created empty.")

    @Option(ProjectOptions.name) var name: String?
    @Option(ProjectOptions.description) var description: String?
    @Option(ProjectOptions.deviceFile(default: nil)) var deviceFile: String?
    @Option(ProjectOptions.agentFile(default: nil)) var agentFile: String?
    @Option(ProjectOptions.dut) var dut: String?
    @Option(ProjectOptions.target) var target: String?

    struct Request {
        var name: String?
        var description: String?
        var deviceFile: String?
        var agentFile: String?
        var dut: String?
        var target: String?
    }

    func run(_ context: Context) throws(PluginFailure) {
        let request = Request(
            name: name, description: description, deviceFile: deviceFile, agentFile: agentFile, dut: dut, target: target)
        var project = try ProjectDirectory.load(context)
        let group = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, nil)
        project.deviceFile = request.deviceFile ?? project.deviceFile
        project.agentFile = request.agentFile ?? project.agentFile
        try ProjectSourceFiles.check(context, project.deviceFile)
        try ProjectSourceFiles.check(context, project.agentFile)
        try Self.updateGroup(context, group, request)
        try ProjectSourceFiles.createIfMissing(context, project.deviceFile, side: .device)
        try ProjectSourceFiles.createIfMissing(context, project.agentFile, side: .agent)
        try ProjectDirectory.save(context, project)
        try ProjectView.show(context, project, message: Messages.updated("Project"))
    }

    /// The Device Group part: what `impt dg update` does with the same options. Targets are
    /// checked before anything is sent.
    private static func updateGroup(_ context: Context, _ group: Entity, _ request: Request) throws(PluginFailure) {
        guard request.name != nil || request.description != nil || request.dut != nil || request.target != nil else { return }
        let type = group.data["type"]?.string ?? ""
        let relationships = try GroupTarget.relationships(
            context, target: request.target, dut: request.dut, parentType: type,
            productID: group.data.lookup("relationships.product.id")?.string ?? "")
        try context.updateDeviceGroup(
            group, DeviceGroupChanges(name: request.name, description: request.description, relationships: relationships))
        context.info(Messages.updated(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, group.ref)))
    }
}
