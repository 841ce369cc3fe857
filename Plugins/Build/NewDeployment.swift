import ImptPluginAPI
import ImptPluginKit

/// The options of `build deploy` and `build run`, and what both do with them.
struct NewDeployment {
    var group: String?
    var deviceFile: String?
    var agentFile: String?
    var description: String?
    var origin: String?
    var tags: [String]
    var flagged: Bool?

    /// Checks the tags, reads the files (unless the code is given), finds the Device Group and
    /// creates the Deployment: `Deployment "<id>" is created successfully.`
    func send(_ context: Context, code given: SourceCode? = nil) throws(PluginFailure) -> (group: Entity, created: Value) {
        try Deployments.checkTags(context, tags)
        var code: SourceCode
        if let given { code = given } else { code = try SourceCode.load(context, deviceFile: deviceFile, agentFile: agentFile) }
        let target = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, group)
        let created = try Deployments.create(context, in: target, code: code, attributes)
        context.info(Messages.created(Deployments.name(created.id ?? "")))
        return (target, created)
    }

    /// The attributes of the Deployment.
    var attributes: Deployments.Attributes {
        Deployments.Attributes(description: description, origin: origin, flagged: flagged, tags: tags.isEmpty ? nil : tags)
    }
}
