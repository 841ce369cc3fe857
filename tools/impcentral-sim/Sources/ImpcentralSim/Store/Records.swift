import GRDB

// Plain row values read from the database. They are immutable snapshots that the encoders turn
// into JSON:API documents.

struct AccountRow: Sendable, Equatable {
    var id: String
    var username: String
    var email: String
    var password: String
    var otp: String?

    static let columns = "id, username, email, password, otp"

    init(row: Row) {
        id = row["id"]
        username = row["username"]
        email = row["email"]
        password = row["password"]
        otp = row["otp"]
    }
}

struct LoginKeyRow: Sendable {
    var id: String
    var accountID: String
    var description: String
    var usages: Int
    var createdAt: Int64

    init(row: Row) {
        id = row["id"]
        accountID = row["account_id"]
        description = row["description"]
        usages = row["usages"]
        createdAt = row["created_at"]
    }
}

struct RefreshTokenRow: Sendable {
    var id: String
    var token: String
    var createdAt: Int64
    var lastUsedAt: Int64?

    init(row: Row) {
        id = row["id"]
        token = row["token"]
        createdAt = row["created_at"]
        lastUsedAt = row["last_used_at"]
    }
}

struct ProductRow: Sendable {
    var seq: Int64
    var id: String
    var ownerID: String
    var creatorID: String
    var name: String
    var description: String
    var createdAt: Int64
    var updatedAt: Int64

    init(row: Row) {
        seq = row["seq"]
        id = row["id"]
        ownerID = row["owner_id"]
        creatorID = row["creator_id"]
        name = row["name"]
        description = row["description"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
    }
}

/// The seven concrete device-group types.
enum DeviceGroupType: String, Sendable, CaseIterable {
    case development = "development_devicegroup"
    case preFactoryFixture = "pre_factoryfixture_devicegroup"
    case preDUT = "pre_dut_devicegroup"
    case preProduction = "pre_production_devicegroup"
    case factoryFixture = "factoryfixture_devicegroup"
    case dut = "dut_devicegroup"
    case production = "production_devicegroup"

    /// Production and pre-production groups take `region` and `load_code_after_blessing`.
    var isProductionLike: Bool { self == .production || self == .preProduction }
    /// Factory and pre-factory groups need production and DUT targets.
    var isFactoryLike: Bool { self == .factoryFixture || self == .preFactoryFixture }
    var isDUTLike: Bool { self == .dut || self == .preDUT }

    /// The required type of the production target of a (pre-)factory group.
    var requiredProductionTarget: DeviceGroupType? {
        switch self {
        case .factoryFixture: return .production
        case .preFactoryFixture: return .preProduction
        default: return nil
        }
    }

    /// The required type of the DUT target of a (pre-)factory group.
    var requiredDUTTarget: DeviceGroupType? {
        switch self {
        case .factoryFixture: return .dut
        case .preFactoryFixture: return .preDUT
        default: return nil
        }
    }
}

struct DeviceGroupRow: Sendable {
    var seq: Int64
    var id: String
    var type: DeviceGroupType
    var productID: String
    var ownerID: String
    var creatorID: String
    var name: String
    var description: String
    var region: String?
    var loadCodeAfterBlessing: Bool?
    var envVars: String?
    var productionTargetID: String?
    var productionTargetType: String?
    var dutTargetID: String?
    var dutTargetType: String?
    var currentDeploymentID: String?
    var minSupportedDeploymentID: String?
    var createdAt: Int64
    var updatedAt: Int64

    /// SELECT list (alias `g`) including the target types.
    static let select = """
        SELECT g.*, \
        (SELECT t.type FROM devicegroups t WHERE t.id = g.production_target_id) AS production_target_type, \
        (SELECT t.type FROM devicegroups t WHERE t.id = g.dut_target_id) AS dut_target_type \
        FROM devicegroups g
        """

    init(row: Row) {
        seq = row["seq"]
        id = row["id"]
        type = DeviceGroupType(rawValue: row["type"]) ?? .development
        productID = row["product_id"]
        ownerID = row["owner_id"]
        creatorID = row["creator_id"]
        name = row["name"]
        description = row["description"]
        region = row["region"]
        let load: Int? = row["load_code_after_blessing"]
        loadCodeAfterBlessing = load.map { $0 != 0 }
        envVars = row["env_vars"]
        productionTargetID = row["production_target_id"]
        productionTargetType = row["production_target_type"]
        dutTargetID = row["dut_target_id"]
        dutTargetType = row["dut_target_type"]
        currentDeploymentID = row["current_deployment_id"]
        minSupportedDeploymentID = row["min_supported_deployment_id"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
    }
}

struct DeploymentRow: Sendable {
    var seq: Int64
    var id: String
    var deviceGroupID: String?
    var deviceGroupType: String?
    var productID: String
    var ownerID: String
    var creatorID: String
    var flaggerID: String?
    var sha: String
    var tagsJSON: String
    var flagged: Bool
    var description: String
    var origin: String?
    var deviceCode: String
    var agentCode: String
    var createdAt: Int64
    var updatedAt: Int64

    init(row: Row) {
        seq = row["seq"]
        id = row["id"]
        deviceGroupID = row["devicegroup_id"]
        deviceGroupType = row["devicegroup_type"]
        productID = row["product_id"]
        ownerID = row["owner_id"]
        creatorID = row["creator_id"]
        flaggerID = row["flagger_id"]
        sha = row["sha"]
        tagsJSON = row["tags"]
        let flag: Int = row["flagged"]
        flagged = flag != 0
        description = row["description"]
        origin = row["origin"]
        deviceCode = row["device_code"]
        agentCode = row["agent_code"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
    }

    /// A new deployment as it is inserted (`seq` is set from the insert).
    init(id: String, group: DeviceGroupRow, creatorID: String, sha: String, tagsJSON: String, flagged: Bool,
         description: String, origin: String?, deviceCode: String, agentCode: String, now: Int64) {
        seq = 0
        self.id = id
        deviceGroupID = group.id
        deviceGroupType = group.type.rawValue
        productID = group.productID
        ownerID = group.ownerID
        self.creatorID = creatorID
        flaggerID = flagged ? creatorID : nil
        self.sha = sha
        self.tagsJSON = tagsJSON
        self.flagged = flagged
        self.description = description
        self.origin = origin
        self.deviceCode = deviceCode
        self.agentCode = agentCode
        createdAt = now
        updatedAt = now
    }

    /// Stores a new deployment and sets its `seq`.
    mutating func insert(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO deployments (id, devicegroup_id, devicegroup_type, product_id, owner_id, creator_id, \
                flagger_id, sha, tags, flagged, description, origin, device_code, agent_code, created_at, updated_at) \
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, deviceGroupID, deviceGroupType, productID, ownerID, creatorID, flaggerID, sha, tagsJSON,
                flagged ? 1 : 0, description, origin, deviceCode, agentCode, createdAt, updatedAt,
            ])
        seq = db.lastInsertedRowID
    }

    var tags: [String] {
        guard let value = try? JSONParser.parse(tagsJSON), let items = value.arrayValue else { return [] }
        return items.compactMap(\.stringValue)
    }
}

struct DeviceRow: Sendable {
    var seq: Int64
    var id: String
    var ownerID: String
    var name: String?
    var macAddress: String
    /// The agent id the device keeps forever; exposed only while assigned.
    var storedAgentID: String?
    var impType: String
    var online: Bool
    var deviceGroupID: String?
    var deviceGroupType: String?
    var deviceGroupOwnerID: String?
    var productID: String?
    var runningDeploymentID: String?
    var planID: String?
    var swversion: String
    var freeMemory: Int
    var rssi: Int
    var ipAddress: String
    var deviceStateChangedAt: Int64
    var agentStateChangedAt: Int64
    var lastEnrolledAt: Int64

    /// SELECT list (alias `d`, joined group `g`).
    static let select = """
        SELECT d.*, g.type AS devicegroup_type, g.owner_id AS devicegroup_owner_id, \
        g.product_id AS product_id \
        FROM devices d LEFT JOIN devicegroups g ON g.id = d.devicegroup_id
        """

    init(row: Row) {
        seq = row["seq"]
        id = row["id"]
        ownerID = row["owner_id"]
        name = row["name"]
        macAddress = row["mac_address"]
        storedAgentID = row["agent_id"]
        impType = row["imp_type"]
        let on: Int = row["online"]
        online = on != 0
        deviceGroupID = row["devicegroup_id"]
        deviceGroupType = row["devicegroup_type"]
        deviceGroupOwnerID = row["devicegroup_owner_id"]
        productID = row["product_id"]
        runningDeploymentID = row["running_deployment_id"]
        planID = row["plan_id"]
        swversion = row["swversion"]
        freeMemory = row["free_memory"]
        rssi = row["rssi"]
        ipAddress = row["ip_address"]
        deviceStateChangedAt = row["device_state_changed_at"]
        agentStateChangedAt = row["agent_state_changed_at"]
        lastEnrolledAt = row["last_enrolled_at"]
    }

    var isAssigned: Bool { deviceGroupID != nil }
    /// The public `agent_id`: null while unassigned.
    var agentID: String? { isAssigned ? storedAgentID : nil }
}

struct WebhookRow: Sendable {
    var seq: Int64
    var id: String
    var deviceGroupID: String
    var deviceGroupType: String
    var productID: String
    var ownerID: String
    var creatorID: String
    var url: String
    var event: String
    var contentType: String
    var createdAt: Int64
    var updatedAt: Int64

    init(row: Row) {
        seq = row["seq"]
        id = row["id"]
        deviceGroupID = row["devicegroup_id"]
        deviceGroupType = row["devicegroup_type"]
        productID = row["product_id"]
        ownerID = row["owner_id"]
        creatorID = row["creator_id"]
        url = row["url"]
        event = row["event"]
        contentType = row["content_type"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
    }
}

/// One historical log entry.
struct LogEntry: Sendable, Equatable {
    var ts: Int64
    var type: String
    var msg: String
}
