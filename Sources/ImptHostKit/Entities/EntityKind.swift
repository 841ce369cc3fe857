import ImptPluginAPI

/// The impCentral entity kinds and the facts impt's rules need about each.
public enum EntityKind: Int32, CaseIterable, Sendable {
    case account = 1
    case product = 2
    case deviceGroup = 3
    case device = 4
    case deployment = 5
    case loginKey = 6
    case webhook = 7

    /// Display name used in messages and result keys.
    public var typeName: String {
        switch self {
        case .account: return "Account"
        case .product: return "Product"
        case .deviceGroup: return "Device Group"
        case .device: return "Device"
        case .deployment: return "Deployment"
        case .loginKey: return "Login Key"
        case .webhook: return "Webhook"
        }
    }

    public var collectionPath: String {
        switch self {
        case .account: return "/accounts"
        case .product: return "/products"
        case .deviceGroup: return "/devicegroups"
        case .device: return "/devices"
        case .deployment: return "/deployments"
        case .loginKey: return "/accounts/me/login_keys"
        case .webhook: return "/webhooks"
        }
    }

    /// Attributes matched, in order, when an identifier is not an id.
    var searchAttributes: [String] {
        switch self {
        case .account: return ["email", "username"]
        case .product, .deviceGroup: return ["name"]
        case .device: return ["mac_address", "agent_id", "name"]
        case .deployment: return ["sha", "tags", "origin"]
        case .loginKey, .webhook: return []
        }
    }

    /// Attributes shown in short and list data, in order.
    var listAttributes: [String] {
        switch self {
        case .account: return ["email", "username"]
        case .loginKey: return ["description", "usages"]
        case .product: return ["name"]
        case .deviceGroup: return ["type", "name"]
        case .device: return ["name", "mac_address", "agent_id", "device_online"]
        case .deployment: return ["sha", "tags", "origin", "flagged"]
        case .webhook: return ["event", "url"]
        }
    }

    /// The kind of a JSON:API resource type string.
    public init?(resourceType: String) {
        switch resourceType {
        case "account": self = .account
        case "login_key": self = .loginKey
        case "product": self = .product
        case "device": self = .device
        case "deployment": self = .deployment
        case "webhook": self = .webhook
        default:
            guard DeviceGroupType(apiType: resourceType) != nil else { return nil }
            self = .deviceGroup
        }
    }
}

/// The seven device-group types, by API type and impt name.
public enum DeviceGroupType: String, CaseIterable, Sendable {
    case development
    case preFactory = "pre-factory"
    case preDut = "pre-dut"
    case preProduction = "pre-production"
    case factory
    case dut
    case production

    public var apiType: String {
        switch self {
        case .development: return "development_devicegroup"
        case .preFactory: return "pre_factoryfixture_devicegroup"
        case .preDut: return "pre_dut_devicegroup"
        case .preProduction: return "pre_production_devicegroup"
        case .factory: return "factoryfixture_devicegroup"
        case .dut: return "dut_devicegroup"
        case .production: return "production_devicegroup"
        }
    }

    public init?(apiType: String) {
        guard let match = DeviceGroupType.allCases.first(where: { $0.apiType == apiType }) else { return nil }
        self = match
    }

    /// The impt name for an API type, or the API type itself when unknown.
    public static func name(ofAPIType apiType: String) -> String {
        DeviceGroupType(apiType: apiType)?.rawValue ?? apiType
    }
}
