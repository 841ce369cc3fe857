import ImptPluginAPI
import ImptPluginKit

/// `impt dg create`.
struct DeviceGroupCreate: Command {
    static let configuration = CommandConfiguration(
        name: "create", summary: "Creates a Device Group.",
        description: "Creates a Device Group of the given type in a Product. Factory and pre-factory Device Groups "
            + "need a production target (--target) and a DUT target (--dut) from the same Product.")

    @Option("name", "n", value: "device_group_name", help: "Name of the new Device Group, unique within the Product.", required: true)
    var name: String
    @Option(
        "dg-type", "y", value: "device_group_type", help: "Type of the new Device Group.",
        choices: DeviceGroupTypes.names, default: "development")
    var typeName: String
    @Option(
        "product", "p", value: "PRODUCT_IDENTIFIER",
        help: "The Product of the new Device Group: its id or name, or {account}{product}.", fromProject: true)
    var product: String?
    @Option("descr", "s", value: "device_group_description", help: "Description of the new Device Group.", allowEmpty: true)
    var description: String?
    @Option(dutOption) var dut: String?
    @Option(targetOption) var target: String?
    @Option(
        "region", "r", value: "region_name", help: "Region of a production or pre-production Device Group.",
        allowEmpty: true)
    var region: String?
    @Option(environmentOption) var environment: String?

    func run(_ context: Context) throws(PluginFailure) {
        guard let type = DeviceGroupTypes.apiType(ofName: typeName) else {
            throw context.usage("Option \"--dg-type\" has incorrect value \"\(typeName)\".")
        }
        try checkOptions(context, type: type)
        let variables = try EnvironmentVariables.parse(context, environment)
        // Targets on a type without them fail before anything is looked up.
        if target != nil, let misuse = GroupTarget.production.misuse(context, parentType: type) { throw misuse }
        if dut != nil, let misuse = GroupTarget.dut.misuse(context, parentType: type) { throw misuse }

        let found = try context.resolve(IMPT_ENTITY_PRODUCT, product)
        let relationships = try GroupTarget.relationships(context, target: target, dut: dut, parentType: type, productID: found.id)
        let created = try context.createDeviceGroup(
            type: type, productID: found.id,
            DeviceGroupChanges(name: name, description: description, region: region, environment: variables, relationships: relationships))
        context.info(Messages.created(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, name)))
        context.result(try context.display(IMPT_ENTITY_DEVICE_GROUP, IMPT_DISPLAY_SHORT, created))
    }

    /// The original's command-line checks: both targets for (pre-)factory types, a region only
    /// for (pre-)production types.
    private func checkOptions(_ context: Context, type: String) throws(PluginFailure) {
        if GroupKinds.hasTargets(type) {
            for (option, value) in [("dut", dut), ("target", target)] where value == nil {
                throw context.usage("Option \"--\(option)\" must be specified for Device Group of type \"\(typeName)\".")
            }
        }
        if region != nil, !GroupKinds.isProduction(type) {
            throw context.usage(
                GroupKinds.wrongTypeMessage(option: "region", apiType: type, allowed: (GroupKinds.preProduction, GroupKinds.production)))
        }
    }
}
