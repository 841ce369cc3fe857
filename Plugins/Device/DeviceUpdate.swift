import ImptPluginAPI
import ImptPluginKit

/// `impt device update`.
enum DeviceUpdate {
    static let definition = CommandDefinition(
        name: "update", summary: "Changes the name of a Device.",
        description: "Changes the name of a Device. An empty name clears it.",
        options: [
            deviceOption,
            .string("name", "n", value: "device_name", help: "New name of the Device.", required: true, allowEmpty: true),
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, CString) -> Int32 = { ctx, device, name in
        Context.run(ctx) { context throws(PluginFailure) in
            let found = try DeviceLookup.one(context, Arguments.string(device) ?? "")
            let attributes: JSONLiteral = ["name": .string(Arguments.string(name) ?? "")]
            try context.request(
                "PATCH", "/devices/\(found.id)",
                body: ["data": ["type": "device", "id": .string(found.id), "attributes": attributes]])
            context.info(Messages.updated(found.subject))
        }
    }
}
