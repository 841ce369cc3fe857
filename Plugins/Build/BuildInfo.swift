import ImptPluginAPI
import ImptPluginKit

/// `impt build info`.
enum BuildInfo {
    static let definition = CommandDefinition(
        name: "info", summary: "Shows information about a Deployment.",
        description: "Shows every attribute of a Deployment, its code included, with its Device Group and Product.",
        options: [BuildOptions.build],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString) -> Int32 = { ctx, build in
        Context.run(ctx) { context throws(PluginFailure) in
            let found = try context.resolve(IMPT_ENTITY_DEPLOYMENT, Arguments.string(build))
            context.result(try context.display(IMPT_ENTITY_DEPLOYMENT, IMPT_DISPLAY_INFO, found.data))
        }
    }
}
