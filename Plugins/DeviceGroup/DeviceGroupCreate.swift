import ImptPluginAPI
import ImptPluginKit

/// `impt dg create`.
enum DeviceGroupCreate {
    static let definition = CommandDefinition(
        name: "create", summary: "Creates a Device Group.",
        description: "Creates a Device Group of the given type in a Product. Factory and pre-factory Device Groups "
            + "need a production target (--target) and a DUT target (--dut) from the same Product.",
        options: [
            .string("name", "n", value: "device_group_name", help: "Name of the new Device Group, unique within the Product.", required: true),
            .string(
                "dg-type", "y", value: "device_group_type", help: "Type of the new Device Group.",
                choices: DeviceGroupTypes.names, defaultValue: "development"),
            .string(
                "product", "p", value: "PRODUCT_IDENTIFIER",
                help: "The Product of the new Device Group: its id or name, or {account}{product}.", fromProject: true),
            .string("descr", "s", value: "device_group_description", help: "Description of the new Device Group.", allowEmpty: true),
            dutOption,
            targetOption,
            .string(
                "region", "r", value: "region_name", help: "Region of a production or pre-production Device Group.",
                allowEmpty: true),
            environmentOption,
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, CString, CString, CString, CString, CString, CString, CString) -> Int32 = {
        ctx, name, type, product, description, dut, target, region, environment in
        Context.run(ctx) { context throws(PluginFailure) in
            let request = Request(
                name: Arguments.string(name) ?? "", typeName: Arguments.string(type) ?? "development",
                product: Arguments.string(product), description: Arguments.string(description), dut: Arguments.string(dut),
                target: Arguments.string(target), region: Arguments.string(region), environment: Arguments.string(environment))
            try run(context, request)
        }
    }

    struct Request {
        var name: String
        var typeName: String
        var product: String?
        var description: String?
        var dut: String?
        var target: String?
        var region: String?
        var environment: String?
    }

    static func run(_ context: Context, _ request: Request) throws(PluginFailure) {
        guard let type = DeviceGroupTypes.apiType(ofName: request.typeName) else {
            throw context.usage("Option \"--dg-type\" has incorrect value \"\(request.typeName)\".")
        }
        try checkOptions(context, request, type: type)
        let environment = try EnvironmentVariables.parse(context, request.environment)
        // Targets on a type without them fail before anything is looked up.
        if request.target != nil, let misuse = GroupTarget.production.misuse(context, parentType: type) { throw misuse }
        if request.dut != nil, let misuse = GroupTarget.dut.misuse(context, parentType: type) { throw misuse }

        let product = try context.resolve(IMPT_ENTITY_PRODUCT, request.product)
        let relationships: [(String, JSONLiteral)] = [("product", ["type": "product", "id": .string(product.id)])]
            + (try GroupTarget.relationships(context, target: request.target, dut: request.dut, parentType: type, productID: product.id))
        var attributes: [(String, JSONLiteral)] = [("name", .string(request.name))]
        if let description = request.description { attributes.append(("description", .string(description))) }
        if let region = request.region, !region.isEmpty { attributes.append(("region", .string(region))) }
        if let environment { attributes.append(("env_vars", .value(environment))) }
        let body: JSONLiteral = [
            "data": ["type": .string(type), "attributes": .object(attributes), "relationships": .object(relationships)]
        ]
        guard let created = try context.request("POST", "/devicegroups", body: body)?["data"] else {
            throw context.fail(IMPT_ERR_INTERNAL, "Internal error: Unexpected format of impCentral response.")
        }
        context.info(Messages.created(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, request.name)))
        context.result(try context.display(IMPT_ENTITY_DEVICE_GROUP, IMPT_DISPLAY_SHORT, created))
    }

    /// The original's command-line checks: both targets for (pre-)factory types, a region only
    /// for (pre-)production types.
    private static func checkOptions(_ context: Context, _ request: Request, type: String) throws(PluginFailure) {
        if GroupKinds.hasTargets(type) {
            for (option, value) in [("dut", request.dut), ("target", request.target)] where value == nil {
                throw context.usage("Option \"--\(option)\" must be specified for Device Group of type \"\(request.typeName)\".")
            }
        }
        if request.region != nil, !GroupKinds.isProduction(type) {
            throw context.usage(
                GroupKinds.wrongTypeMessage(option: "region", apiType: type, allowed: (GroupKinds.preProduction, GroupKinds.production)))
        }
    }
}
