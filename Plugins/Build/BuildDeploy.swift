import ImptPluginAPI
import ImptPluginKit

/// `impt build deploy`.
enum BuildDeploy {
    static let definition = CommandDefinition(
        name: "deploy", summary: "Creates a Deployment from source files.",
        description: "Creates a Deployment (build) in a Device Group from the device and agent source files, "
            + "without restarting any device. The files default to those of the project; a side without a "
            + "file gets empty code. Files are sent exactly as they are: UTF-8 text, at most 4000000 bytes each.",
        options: BuildOptions.deployment,
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, CString, CString, CString, CString, CStringList, Int32) -> Int32 = {
        ctx, group, deviceFile, agentFile, description, origin, tags, flagged in
        Context.run(ctx) { context throws(PluginFailure) in
            let request = NewDeployment(
                group: Arguments.string(group), deviceFile: Arguments.string(deviceFile), agentFile: Arguments.string(agentFile),
                description: Arguments.string(description), origin: Arguments.string(origin), tags: Arguments.list(tags),
                flagged: Arguments.boolean(flagged))
            let (_, created) = try request.send(context)
            context.result(try context.display(IMPT_ENTITY_DEPLOYMENT, IMPT_DISPLAY_SHORT, created))
        }
    }
}
