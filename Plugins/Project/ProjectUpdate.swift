import ImptPluginAPI
import ImptPluginKit

/// `impt project update`.
enum ProjectUpdate {
    static let definition = CommandDefinition(
        name: "update", summary: "Updates the Project of the current directory.",
        description: "Changes the name, description or targets of the Project's Device Group, as \"impt dg update\" "
            + "does, and links other source files to the Project. Missing source files are created empty.",
        options: [
            ProjectOptions.name, ProjectOptions.description, ProjectOptions.deviceFile(default: nil),
            ProjectOptions.agentFile(default: nil), ProjectOptions.dut, ProjectOptions.target,
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, CString, CString, CString, CString, CString) -> Int32 = {
        ctx, name, description, deviceFile, agentFile, dut, target in
        Context.run(ctx) { context throws(PluginFailure) in
            let request = Request(
                name: Arguments.string(name), description: Arguments.string(description),
                deviceFile: Arguments.string(deviceFile), agentFile: Arguments.string(agentFile), dut: Arguments.string(dut),
                target: Arguments.string(target))
            try run(context, request)
        }
    }

    struct Request {
        var name: String?
        var description: String?
        var deviceFile: String?
        var agentFile: String?
        var dut: String?
        var target: String?
    }

    static func run(_ context: Context, _ request: Request) throws(PluginFailure) {
        var project = try ProjectDirectory.load(context)
        let group = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, nil)
        project.deviceFile = request.deviceFile ?? project.deviceFile
        project.agentFile = request.agentFile ?? project.agentFile
        try ProjectSourceFiles.check(context, project.deviceFile)
        try ProjectSourceFiles.check(context, project.agentFile)
        try updateGroup(context, group, request)
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
        var attributes: [(String, JSONLiteral)] = []
        if let name = request.name { attributes.append(("name", .string(name))) }
        if let description = request.description { attributes.append(("description", .string(description))) }
        var data: [(String, JSONLiteral)] = [("type", .string(type)), ("id", .string(group.id)), ("attributes", .object(attributes))]
        if !relationships.isEmpty { data.append(("relationships", .object(relationships))) }
        try context.request("PATCH", "/devicegroups/\(group.id)", body: ["data": .object(data)])
        context.info(Messages.updated(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, group.ref)))
    }
}
