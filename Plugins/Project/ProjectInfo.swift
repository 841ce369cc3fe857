import ImptPluginAPI
import ImptPluginKit

/// `impt project info`.
struct ProjectInfo: Command {
    static let configuration = CommandConfiguration(
        name: "info", summary: "Shows the Project of the current directory.",
        description: "Shows the Project's source files and its Device Group with the Product, Deployments and targets. "
            + "With --full the Device Group's full structure (devices, webhooks, targeting groups) and the "
            + "authentication in effect, as \"impt auth info\" shows it.")

    @Option("full", "u", help: "Also shows the Device Group's devices, webhooks and targeting groups, and the authentication.")
    var full: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let project = try ProjectDirectory.load(context)
        let group = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, nil)
        context.result(try ProjectView.build(context, project, group: group.data, full: full))
    }
}
