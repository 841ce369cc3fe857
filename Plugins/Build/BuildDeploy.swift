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

/// The options of `build deploy` and `build run`, and what both do with them.
struct NewDeployment {
    var group: String?
    var deviceFile: String?
    var agentFile: String?
    var description: String?
    var origin: String?
    var tags: [String]
    var flagged: Bool?

    /// Checks the tags, reads the files, finds the Device Group and creates the Deployment:
    /// `Deployment "<id>" is created successfully.`
    func send(_ context: Context) throws(PluginFailure) -> (group: Entity, created: Value) {
        try Deployments.checkTags(context, tags)
        let code = try SourceCode.load(context, deviceFile: deviceFile, agentFile: agentFile)
        let target = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, group)
        let attributes = Deployments.Attributes(
            description: description, origin: origin, flagged: flagged, tags: tags.isEmpty ? nil : tags)
        let created = try Deployments.create(context, in: target, code: code, attributes)
        context.info(Messages.created(Deployments.name(created.id ?? "")))
        return (target, created)
    }
}
