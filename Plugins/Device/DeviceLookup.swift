import ImptPluginAPI
import ImptPluginKit

/// A Device found from an identifier.
struct FoundDevice {
    let id: String
    /// The identifier the user gave, used in messages.
    let ref: String
    let data: Value

    /// The Device Group it is assigned to, if any.
    var groupID: String? { data.lookup("relationships.devicegroup.id")?.string }

    /// `Device "<ref>"`.
    var subject: String { Messages.entity(IMPT_ENTITY_DEVICE, ref) }
}

/// Identification of the Devices of a selection through the host's rules (id, MAC address in
/// any form, agent id, name; ambiguity reported with the candidates).
enum DeviceLookup {
    /// Requests in flight while many identifiers are tried as ids.
    static let concurrency = 16

    static func one(_ context: Context, _ identifier: String) throws(PluginFailure) -> FoundDevice {
        let entity = try context.resolve(IMPT_ENTITY_DEVICE, identifier, flags: UInt32(IMPT_RESOLVE_NO_PROJECT))
        return FoundDevice(id: entity.id, ref: entity.ref, data: entity.data)
    }

    /// Every Device of the selection, each once (the first identifier naming it wins). All are
    /// identified before anything changes: an unknown or ambiguous identifier fails the command.
    /// Identifiers that can be ids are first fetched concurrently; the rest, and those not found
    /// that way, go through the host's identification, whose device listing is read once.
    static func all(_ context: Context, _ selection: DeviceSelection) throws(PluginFailure) -> [FoundDevice] {
        let identifiers = selection.identifiers
        guard identifiers.count > 1 else { return try identifiers.map { identifier throws(PluginFailure) in try one(context, identifier) } }
        var direct: [String] = []
        var seen = Set<String>()
        for identifier in identifiers where canBeID(identifier) && seen.insert(identifier).inserted { direct.append(identifier) }
        let outcome = try context.bulk(
            direct.map { ["method": "GET", "path": .string("/devices/\($0)")] }, concurrency: concurrency,
            progressLabel: "Identifying Devices:")
        if outcome.stopped { throw context.fail(IMPT_ERR_INTERRUPTED, "Interrupted before any Device was changed.") }
        var fetched: [String: Value] = [:]
        for result in outcome.results where result.succeeded {
            if let data = result.body?["data"], data.id != nil { fetched[direct[result.index]] = data }
        }
        var devices: [FoundDevice] = []
        var ids = Set<String>()
        for identifier in identifiers {
            let device: FoundDevice
            if let data = fetched[identifier], let id = data.id {
                device = FoundDevice(id: id, ref: identifier, data: data)
            } else {
                device = try one(context, identifier)
            }
            if ids.insert(device.id).inserted { devices.append(device) }
        }
        return devices
    }

    /// Whether an identifier has the form of a device id (16 hex digits), an agent id (12 of
    /// `[A-Za-z0-9_-]`) or a MAC address (12 hex digits, or 6 pairs separated by `:` or `-`):
    /// only those are worth trying as ids, and all of them can go into a path as they are.
    private static func canBeID(_ identifier: String) -> Bool {
        let bytes = Array(identifier.utf8)
        let hex = { (byte: UInt8) in
            (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
        }
        let agentCharacter = { (byte: UInt8) in
            hex(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F
        }
        switch bytes.count {
        case 16: return bytes.allSatisfy(hex)
        case 12: return bytes.allSatisfy(agentCharacter)
        case 17: return bytes.enumerated().allSatisfy { $0.offset % 3 == 2 ? $0.element == 0x3A || $0.element == 0x2D : hex($0.element) }
        default: return false
        }
    }
}
