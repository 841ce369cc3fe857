import ImptPluginAPI
import ImptPluginKit

/// `impt project link`.
struct ProjectLink: Command {
    static let configuration = CommandConfiguration(
        name: "link", summary: "Creates a Project linked to an existing Device Group.",
        description: "Makes the current directory a Project linked to an existing development, pre-factory or pre-dut "
            + "Device Group. Missing source files are created empty. An existing Project File is replaced after "
            + "confirmation.")

    @Option(
        "dg", "g", value: "DEVICE_GROUP_IDENTIFIER", help: "The Device Group: its id or name, or {account}{product}{device group}.",
        required: true)
    var identifier: String
    @Option(ProjectOptions.deviceFile(default: "device.nut")) var deviceFile: String
    @Option(ProjectOptions.agentFile(default: "agent.nut")) var agentFile: String
    @Option(ProjectOptions.confirmed) var confirmed: Bool

    func run(_ context: Context) throws(PluginFailure) {
        try ProjectDirectory.confirmReplacing(context, confirmed: confirmed)
        try ProjectSourceFiles.check(context, deviceFile)
        try ProjectSourceFiles.check(context, agentFile)
        let group = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, identifier, flags: UInt32(IMPT_RESOLVE_NO_PROJECT))
        let type = group.data["type"]?.string ?? ""
        guard ProjectGroupKind.allows(type) else {
            throw context.fail(
                IMPT_ERR_INVALID_ARGUMENT,
                "Project can not be linked to Device Group of the type \"\(GroupKinds.name(type))\". "
                    + "Only \"development\", \"pre-factory\" or \"pre-dut\" Device Groups are allowed.")
        }
        try ProjectSourceFiles.createIfMissing(context, deviceFile, side: .device)
        try ProjectSourceFiles.createIfMissing(context, agentFile, side: .agent)
        let project = Project(deviceGroupID: group.id, deviceFile: deviceFile, agentFile: agentFile)
        try ProjectDirectory.save(context, project)
        context.info("Project is linked successfully.")
        context.result(try ProjectView.build(context, project, group: group.data, full: false))
    }
}
