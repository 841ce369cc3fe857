import ImptPluginAPI
import ImptPluginKit

/// `impt device list`.
enum DeviceList {
    static let definition = CommandDefinition(
        name: "list", summary: "Lists Devices.",
        description: "Lists the Devices you can access. Values of one filter option widen the list (any of them), "
            + "different options narrow it (all of them); giving both options of a pair (--assigned and --unassigned, "
            + "--online and --offline) is the same as giving neither.",
        options: [
            .list("owner", "o", value: "ACCOUNT_IDENTIFIER", help: "Only Devices of this account: id, e-mail, user name or me."),
            .list("product", "p", value: "PRODUCT_IDENTIFIER", help: "Only Devices assigned to Device Groups of this Product."),
            .list("dg", "g", value: "DEVICE_GROUP_IDENTIFIER", help: "Only Devices assigned to this Device Group."),
            .list(
                "dg-type", "y", value: "device_group_type", help: "Only Devices assigned to Device Groups of this type.",
                choices: DeviceGroupTypes.names),
            .flag("unassigned", "u", help: "Only Devices not assigned to a Device Group."),
            .flag("assigned", "a", help: "Only Devices assigned to a Device Group."),
            .flag("online", "n", help: "Only Devices that are online."),
            .flag("offline", "f", help: "Only Devices that are offline."),
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CStringList, CStringList, CStringList, CStringList, Bool, Bool, Bool, Bool) -> Int32 = {
        ctx, owners, products, groups, types, unassigned, assigned, online, offline in
        Context.run(ctx) { context throws(PluginFailure) in
            let filters = Filters(
                owners: Arguments.list(owners), products: Arguments.list(products), groups: Arguments.list(groups),
                types: Arguments.list(types), assigned: assigned == unassigned ? nil : assigned,
                online: online == offline ? nil : online)
            try context.printList(IMPT_ENTITY_DEVICE, try filters.devices(context))
        }
    }

    /// The list options: repeated values of one option are alternatives, different options all apply.
    struct Filters {
        var owners: [String]
        var products: [String]
        var groups: [String]
        var types: [String]
        /// nil: either.
        var assigned: Bool?
        var online: Bool?

        func devices(_ context: Context) throws(PluginFailure) -> [Value] {
            var queries: [[(String, JSONLiteral)]] = [[]]
            let native: [(String, impt_entity_kind?, [String])] = [
                ("filter[owner.id]", IMPT_ENTITY_ACCOUNT, owners), ("filter[product.id]", IMPT_ENTITY_PRODUCT, products),
                ("filter[devicegroup.id]", IMPT_ENTITY_DEVICE_GROUP, groups), ("filter[devicegroup.type]", nil, types),
            ]
            for (filter, kind, identifiers) in native where !identifiers.isEmpty {
                var values: [String] = []
                for identifier in identifiers {
                    let found = try kind.map { kind throws(PluginFailure) in try context.find(kind, identifier) }
                        ?? [DeviceGroupTypes.apiType(ofName: identifier) ?? identifier]
                    for value in found where !values.contains(value) { values.append(value) }
                }
                // A filter whose identifiers match nothing leaves nothing to list.
                if values.isEmpty { return [] }
                queries = values.flatMap { value in queries.map { $0 + [(filter, .string(value))] } }
            }
            // One request per combination of filter values. A Device has one owner, Product, Device
            // Group and type, so no Device is listed twice.
            var devices: [Value] = []
            for query in queries {
                devices += try context.list("/devices", query: query.isEmpty ? nil : .object(query)).filter(keeps)
            }
            return devices
        }

        private func keeps(_ device: Value) -> Bool {
            if let assigned, (device.lookup("relationships.devicegroup.id") != nil) != assigned { return false }
            if let online, (device.lookup("attributes.device_online")?.bool == true) != online { return false }
            return true
        }
    }
}
