import ImptPluginAPI

/// Which devices a log command shows, and whether impCentral offers their logs at all: it keeps
/// no API logs of devices in production Device Groups (factory fixture devices log normally).
public enum LogDevices {
    static let productionType = "production_devicegroup"

    /// The devices of `log stream`: every `--device`, every device of every `--dg`, or, with
    /// neither, the devices of the project's Device Group; each once, in that order. Fails with
    /// `No Device Identifier is specified.` when that leaves none.
    public static func resolve(_ context: Context, devices identifiers: [String], groups: [String]) throws(PluginFailure)
        -> [Value]
    {
        var found: [Value] = []
        for identifier in identifiers {
            let device = try context.resolve(IMPT_ENTITY_DEVICE, identifier)
            try checkDevice(context, device.data, ref: device.ref)
            if device.data.lookup("relationships.devicegroup.id") == nil {
                context.info(
                    "\(Messages.entity(IMPT_ENTITY_DEVICE, device.ref)) is not assigned to a Device Group: it runs no code and may log nothing.")
            }
            found.append(device.data)
        }
        var groupEntities: [Entity] = []
        for identifier in groups { groupEntities.append(try context.resolve(IMPT_ENTITY_DEVICE_GROUP, identifier)) }
        if identifiers.isEmpty && groups.isEmpty && projectExists(context) {
            groupEntities.append(try context.resolve(IMPT_ENTITY_DEVICE_GROUP, nil))
        }
        for group in groupEntities {
            try checkGroup(context, group)
            found += try context.list("/devices", query: ["filter[devicegroup.id]": .string(group.id)])
        }
        var seen = Set<String>()
        let unique = found.filter { seen.insert($0.id ?? "").inserted }
        guard !unique.isEmpty else { throw context.fail(IMPT_ERR_NOT_FOUND, "No Device Identifier is specified.") }
        return unique
    }

    /// Whether the current directory has a project file (a corrupted one counts: resolving its
    /// Device Group reports it).
    private static func projectExists(_ context: Context) -> Bool {
        do {
            _ = try context.loadProject()
            return true
        } catch {
            context.clearError()
            return error.status != Int32(IMPT_ERR_NOT_FOUND.rawValue)
        }
    }

    /// Refuses a device of a production Device Group.
    public static func checkDevice(_ context: Context, _ device: Value, ref: String) throws(PluginFailure) {
        guard device.lookup("relationships.devicegroup.type")?.string == productionType else { return }
        throw context.fail(
            IMPT_ERR_FAILED,
            "\(Messages.entity(IMPT_ENTITY_DEVICE, ref)) is assigned to a production Device Group: "
                + "impCentral offers no logs of production devices.")
    }

    /// Refuses a production Device Group.
    public static func checkGroup(_ context: Context, _ group: Entity) throws(PluginFailure) {
        guard group.data["type"]?.string == productionType else { return }
        throw context.fail(
            IMPT_ERR_FAILED,
            "\(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, group.ref)) is a production Device Group: "
                + "impCentral offers no logs of production devices.")
    }
}
