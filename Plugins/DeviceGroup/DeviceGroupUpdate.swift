import ImptPluginAPI
import ImptPluginKit

/// `impt dg update`.
enum DeviceGroupUpdate {
    static let definition = CommandDefinition(
        name: "update", summary: "Updates a Device Group.",
        description: "Changes the name, description, targets, environment variables, Min supported Deployment or, for "
            + "production and pre-production Device Groups, when code loads after blessing.",
        options: [
            deviceGroupOption,
            .string("name", "n", value: "device_group_name", help: "New name of the Device Group."),
            .string("descr", "s", value: "device_group_description", help: "New description of the Device Group.", allowEmpty: true),
            dutOption,
            targetOption,
            .boolean(
                "load-code-after-blessing", "l",
                help: "Whether blessed devices of a production or pre-production Device Group load its code at once (true) "
                    + "or at their first BlinkUp connection (false)."),
            .string(
                "min-supported-deployment", "m", value: "BUILD_IDENTIFIER",
                help: "A Deployment of this Device Group, not older than the current one, to become its Min supported Deployment."),
            environmentOption,
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, CString, CString, CString, CString, Int32, CString, CString) -> Int32 = {
        ctx, group, name, description, dut, target, loadCode, minimum, environment in
        Context.run(ctx) { context throws(PluginFailure) in
            let request = Request(
                group: Arguments.string(group), name: Arguments.string(name), description: Arguments.string(description),
                dut: Arguments.string(dut), target: Arguments.string(target), loadCodeAfterBlessing: Arguments.boolean(loadCode),
                minimumDeployment: Arguments.string(minimum), environment: Arguments.string(environment))
            try run(context, request)
        }
    }

    struct Request {
        var group: String?
        var name: String?
        var description: String?
        var dut: String?
        var target: String?
        var loadCodeAfterBlessing: Bool?
        var minimumDeployment: String?
        var environment: String?
    }

    static func run(_ context: Context, _ request: Request) throws(PluginFailure) {
        let environment = try EnvironmentVariables.parse(context, request.environment)
        let group = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, request.group)
        let type = group.data["type"]?.string ?? ""
        let productID = group.data.lookup("relationships.product.id")?.string ?? ""
        let relationships = try GroupTarget.relationships(
            context, target: request.target, dut: request.dut, parentType: type, productID: productID)
        if request.loadCodeAfterBlessing != nil, !GroupKinds.isProduction(type) {
            throw context.fail(
                IMPT_ERR_INVALID_ARGUMENT,
                GroupKinds.wrongTypeMessage(
                    option: "load-code-after-blessing", apiType: type, allowed: (GroupKinds.preProduction, GroupKinds.production)))
        }
        let minimum = try request.minimumDeployment.map { identifier throws(PluginFailure) in
            try MinimumDeployment.check(context, identifier, group: group)
        }

        var attributes: [(String, JSONLiteral)] = []
        if let name = request.name { attributes.append(("name", .string(name))) }
        if let description = request.description { attributes.append(("description", .string(description))) }
        if let load = request.loadCodeAfterBlessing { attributes.append(("load_code_after_blessing", .bool(load))) }
        if let environment { attributes.append(("env_vars", .value(environment))) }
        var data: [(String, JSONLiteral)] = [("type", .string(type)), ("id", .string(group.id)), ("attributes", .object(attributes))]
        if !relationships.isEmpty { data.append(("relationships", .object(relationships))) }
        // The attributes go first: the server may still refuse them (a duplicate name, bad
        // variables), and then nothing has changed. The messages keep the original's order.
        try context.request("PATCH", "/devicegroups/\(group.id)", body: ["data": .object(data)])
        if let minimum {
            try context.request(
                "PUT", "/devicegroups/\(group.id)/relationships/min_supported_deployment",
                body: ["data": ["type": "deployment", "id": .string(minimum)]])
            context.info("Min supported Deployment for \(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, group.ref)) is updated successfully.")
        }
        context.info(Messages.updated(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, group.ref)))
    }
}

/// `--min-supported-deployment`: the Deployment must belong to the group and must not be older
/// than the group's current Min supported Deployment.
enum MinimumDeployment {
    /// The id of the Deployment to set.
    static func check(_ context: Context, _ identifier: String, group: Entity) throws(PluginFailure) -> String {
        let build = try context.resolve(IMPT_ENTITY_DEPLOYMENT, identifier, flags: UInt32(IMPT_RESOLVE_NO_PROJECT))
        guard build.data.lookup("relationships.devicegroup.id")?.string == group.id else {
            throw context.fail(
                IMPT_ERR_INVALID_ARGUMENT,
                "\(Messages.entity(IMPT_ENTITY_DEPLOYMENT, identifier)) does not belong to "
                    + "\(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, group.ref)). Impossible to set it as Min supported Deployment.")
        }
        // A group without a Min supported Deployment accepts any of its Deployments (the original
        // crashed here).
        if let currentID = group.data.lookup("relationships.min_supported_deployment.id")?.string, currentID != build.id {
            let current = try context.resolve(IMPT_ENTITY_DEPLOYMENT, currentID, flags: UInt32(IMPT_RESOLVE_ID_ONLY))
            if Deployments.isOlder(build.data, than: current.data) {
                throw context.fail(
                    IMPT_ERR_INVALID_ARGUMENT,
                    "Min supported Deployment cannot be set to an earlier Deployment than the current Min supported Deployment.")
            }
        }
        return build.id
    }
}
