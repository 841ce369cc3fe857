import ImptPluginAPI
import ImptPluginKit

/// `impt build deploy`.
struct BuildDeploy: Command {
    static let configuration = CommandConfiguration(
        name: "deploy", summary: "Creates a Deployment from source files.",
        description: "Creates a Deployment (build) in a Device Group from the device and agent source files, "
            + "without restarting any device. The files default to those of the project; a side without a "
            + "file gets empty code. Files are sent exactly as they are: UTF-8 text, at most 4000000 bytes each.")

    @Option(BuildOptions.deviceGroup) var group: String?
    @Option(BuildOptions.deviceFile) var deviceFile: String?
    @Option(BuildOptions.agentFile) var agentFile: String?
    @Option(BuildOptions.descriptionText) var description: String?
    @Option(BuildOptions.origin) var origin: String?
    @Option(BuildOptions.tag) var tags: [String]
    @Option(BuildOptions.flagged) var flagged: Bool?

    func run(_ context: Context) throws(PluginFailure) {
        let request = NewDeployment(
            group: group, deviceFile: deviceFile, agentFile: agentFile, description: description, origin: origin, tags: tags,
            flagged: flagged)
        let (_, created) = try request.send(context)
        context.result(try context.display(IMPT_ENTITY_DEPLOYMENT, IMPT_DISPLAY_SHORT, created))
    }
}
