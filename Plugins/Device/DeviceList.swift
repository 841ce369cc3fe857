import ImptPluginAPI
import ImptPluginKit

/// `impt device list`.
struct DeviceList: Command {
    static let configuration = CommandConfiguration(
        name: "list", summary: "Lists Devices.",
        description: "Lists the Devices you can access. Values of one filter option widen the list (any of them), "
            + "different options narrow it (all of them); giving both options of a pair (--assigned and --unassigned, "
            + "--online and --offline) is the same as giving neither.")

    @Option("owner", "o", value: "ACCOUNT_IDENTIFIER", help: "Only Devices of this account: id, e-mail, user name or me.")
    var owners: [String]
    @Option("product", "p", value: "PRODUCT_IDENTIFIER", help: "Only Devices assigned to Device Groups of this Product.")
    var products: [String]
    @Option("dg", "g", value: "DEVICE_GROUP_IDENTIFIER", help: "Only Devices assigned to this Device Group.")
    var groups: [String]
    @Option(
        "dg-type", "y", value: "device_group_type", help: "Only Devices assigned to Device Groups of this type.",
        choices: DeviceGroupTypes.names)
    var types: [String]
    @Option("unassigned", "u", help: "Only Devices not assigned to a Device Group.") var unassigned: Bool
    @Option("assigned", "a", help: "Only Devices assigned to a Device Group.") var assigned: Bool
    @Option("online", "n", help: "Only Devices that are online.") var online: Bool
    @Option("offline", "f", help: "Only Devices that are offline.") var offline: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let filters = Filters(
            owners: owners, products: products, groups: groups, types: types,
            assigned: assigned == unassigned ? nil : assigned, online: online == offline ? nil : online)
        try context.printList(IMPT_ENTITY_DEVICE, try filters.devices(context))
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
