import ImptPluginAPI
import ImptPluginKit

/// `impt build info`.
struct BuildInfo: Command {
    static let configuration = CommandConfiguration(
        name: "info", summary: "Shows information about a Deployment.",
        description: "Shows every attribute of a Deployment, its code included, with its Device Group and Product.")

    @Option(BuildOptions.build) var build: String?

    func run(_ context: Context) throws(PluginFailure) {
        let found = try context.resolve(IMPT_ENTITY_DEPLOYMENT, build)
        context.result(try context.display(IMPT_ENTITY_DEPLOYMENT, IMPT_DISPLAY_INFO, found.data))
    }
}
