import ImptPluginAPI
import ImptPluginKit

/// `impt project create`.
struct ProjectCreate: Command {
    static let configuration = CommandConfiguration(
        name: "create", summary: "Creates a Project with a new Device Group.",
        description: "Creates a Device Group in a Product (with --create-product, a new Product of that name when none "
            + "exists) and makes the current directory a Project linked to it. The group is a development group; with "
            + "--pre-dut a pre-dut group for DUT firmware; with --pre-factory a pre-factory group for BlinkUp fixture "
            + "firmware, which needs a pre-production production target (--target) and a pre-dut DUT target (--dut) "
            + "from the same Product, created by those names with --create-target and --create-dut when they do not "
            + "exist. Missing source files are created empty. An existing Project File is replaced after confirmation.",
        constraints: [
            .together("pre-factory", "target"), .together("pre-factory", "dut"), .exclusive("pre-factory", "pre-dut"),
        ])

    @Option("product", "p", value: "PRODUCT_IDENTIFIER", help: "The Product: its id or name.", required: true)
    var product: String
    @Option("create-product", "c", help: "Creates the Product, named by --product, when it does not exist.")
    var createProduct: Bool
    @Option("name", "n", value: "device_group_name", help: "Name of the new Device Group.", required: true)
    var name: String
    @Option(ProjectOptions.description) var description: String?
    @Option(ProjectOptions.deviceFile(default: "device.nut")) var deviceFile: String
    @Option(ProjectOptions.agentFile(default: "agent.nut")) var agentFile: String
    @Option("pre-factory", "f", help: "Creates a pre-factory Device Group, for BlinkUp fixture firmware.")
    var preFactory: Bool
    @Option("pre-dut", help: "Creates a pre-dut Device Group, for the firmware of devices under test.")
    var preDUT: Bool
    @Option(ProjectOptions.dut) var dut: String?
    @Option("create-dut", "w", help: "Creates the DUT target, named by --dut, when it does not exist.")
    var createDUT: Bool
    @Option(ProjectOptions.target) var target: String?
    @Option("create-target", "r", help: "Creates the production target, named by --target, when it does not exist.")
    var createTarget: Bool
    @Option(ProjectOptions.confirmed) var confirmed: Bool

    struct TargetRequest {
        var identifier: String
        var create: Bool
    }

    struct Request {
        var product: String
        var createProduct: Bool
        var name: String
        var description: String?
        var deviceFile: String
        var agentFile: String
        var kind: ProjectGroupKind
        var target: TargetRequest?
        var dut: TargetRequest?
    }

    /// Everything is looked up and checked first; only then are the Product, the targets, the
    /// group, the files and the project file created, in the original's order.
    func run(_ context: Context) throws(PluginFailure) {
        let kind: ProjectGroupKind = preFactory ? .preFactory : preDUT ? .preDUT : .development
        let request = Request(
            product: self.product, createProduct: createProduct, name: name, description: description,
            deviceFile: deviceFile, agentFile: agentFile, kind: kind,
            target: target.map { TargetRequest(identifier: $0, create: createTarget) },
            dut: dut.map { TargetRequest(identifier: $0, create: createDUT) })
        try ProjectDirectory.confirmReplacing(context, confirmed: confirmed)
        try ProjectSourceFiles.check(context, request.deviceFile)
        try ProjectSourceFiles.check(context, request.agentFile)
        let product = try Self.findProduct(context, request)
        let productID = product?.id ?? ""
        var targets: [PlannedTarget] = []
        for (kind, wanted) in [(GroupTarget.production, request.target), (.dut, request.dut)] {
            guard let wanted else { continue }
            targets.append(try PlannedTarget.find(context, kind, wanted, parentType: request.kind.apiType, productID: productID))
        }

        let finalProductID: String
        if let product { finalProductID = product.id } else { finalProductID = try Self.createProduct(context, name: request.product) }
        var relationships: [(String, JSONLiteral)] = []
        for target in targets {
            relationships.append(try target.relationship(context, productID: finalProductID))
        }
        let group = try NewDeviceGroup.create(
            context, name: request.name, apiType: request.kind.apiType, description: request.description,
            productID: finalProductID, relationships: relationships)

        try ProjectSourceFiles.createIfMissing(context, request.deviceFile, side: .device)
        try ProjectSourceFiles.createIfMissing(context, request.agentFile, side: .agent)
        let project = Project(deviceGroupID: group, deviceFile: request.deviceFile, agentFile: request.agentFile)
        try ProjectDirectory.save(context, project)
        try ProjectView.show(context, project, message: Messages.created("Project"))
    }

    /// The Product named by `--product`, or nil when it is missing and `--create-product` allows
    /// creating it.
    private static func findProduct(_ context: Context, _ request: Request) throws(PluginFailure) -> Entity? {
        do throws(PluginFailure) {
            return try context.resolve(IMPT_ENTITY_PRODUCT, request.product, flags: UInt32(IMPT_RESOLVE_NO_PROJECT))
        } catch where error.status == Int32(IMPT_ERR_NOT_FOUND.rawValue) && request.createProduct {
            context.clearError()
            return nil
        }
    }

    private static func createProduct(_ context: Context, name: String) throws(PluginFailure) -> String {
        let body: JSONLiteral = ["data": ["type": "product", "attributes": ["name": .string(name)]]]
        guard let id = try context.request("POST", "/products", body: body)?["data"]?.id else {
            throw context.unexpectedResponse()
        }
        context.info(Messages.created(Messages.entity(IMPT_ENTITY_PRODUCT, name)))
        return id
    }
}

/// The types of Device Group a Project can be linked to.
enum ProjectGroupKind {
    case development, preFactory, preDUT

    var apiType: String {
        switch self {
        case .development: return "development_devicegroup"
        case .preFactory: return GroupKinds.preFactory
        case .preDUT: return GroupKinds.preDUT
        }
    }

    static func allows(_ apiType: String) -> Bool {
        [ProjectGroupKind.development, .preFactory, .preDUT].contains { $0.apiType == apiType }
    }
}
