import ImptPluginAPI

/// Restarting every device of a Device Group (`impt dg restart`, `impt build run`), with or
/// without `--conditional`, in the original's words.
public enum GroupRestart {
    /// Asks impCentral to restart the group's devices, saying nothing.
    public static func request(_ context: Context, groupID: String, conditional: Bool) throws(PluginFailure) {
        try context.request("POST", "/devicegroups/\(groupID)/\(conditional ? "conditional_restart" : "restart")")
    }

    /// Restarts the group's devices and lists them (short data, at most five, as the original);
    /// a group without devices is said to have none and nothing is sent. Returns the devices, for
    /// `--log` to stream.
    @discardableResult
    public static func restart(_ context: Context, group: Entity, conditional: Bool) throws(PluginFailure) -> [Value] {
        let name = Messages.entity(IMPT_ENTITY_DEVICE_GROUP, group.ref)
        let devices = try context.list("/devices", query: ["filter[devicegroup.id]": .string(group.id)])
        guard !devices.isEmpty else {
            context.info("\(name) does not have assigned Devices.")
            return []
        }
        try request(context, groupID: group.id, conditional: conditional)
        context.info("\(conditional ? "Conditional restart" : "Restart") request for Devices assigned to \(name) is successful:")
        var shown: [JSONLiteral] = []
        for device in devices { shown.append(.value(try context.display(IMPT_ENTITY_DEVICE, IMPT_DISPLAY_SHORT, device))) }
        context.infoResult(context.make(.array(shown)))
        return devices
    }
}
