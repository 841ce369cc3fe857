import ImptPluginAPI
import ImptPluginKit

/// `impt dg list`.
struct DeviceGroupList: Command {
    static let configuration = CommandConfiguration(
        name: "list", summary: "Lists Device Groups.",
        description: "Lists the Device Groups you can access. Values of one repeated filter are alternatives; "
            + "different filters must all match.")

    @Option("owner", "o", value: "ACCOUNT_IDENTIFIER", help: "Only Device Groups of this account: id, e-mail, user name or me.")
    var owners: [String]
    @Option("product", "p", value: "PRODUCT_IDENTIFIER", help: "Only Device Groups of this Product: id, name or {account}{product}.")
    var products: [String]
    @Option("dg-type", "y", value: "device_group_type", help: "Only Device Groups of this type.", choices: DeviceGroupTypes.names)
    var types: [String]

    func run(_ context: Context) throws(PluginFailure) {
        // One request per combination of filter values; an identifier that names nothing leaves
        // its filter without values, so nothing can match.
        var combinations: [[(String, JSONLiteral)]] = [[]]
        func narrow(_ filter: String, _ values: [String]) {
            combinations = combinations.flatMap { base in values.map { base + [(filter, JSONLiteral.string($0))] } }
        }
        if !owners.isEmpty { narrow("filter[owner.id]", try Self.ids(context, IMPT_ENTITY_ACCOUNT, owners)) }
        if !products.isEmpty { narrow("filter[product.id]", try Self.ids(context, IMPT_ENTITY_PRODUCT, products)) }
        if !types.isEmpty { narrow("filter[type]", Self.unique(types.compactMap(DeviceGroupTypes.apiType(ofName:)))) }

        var groups: [Value] = []
        var seen: Set<String> = []
        for query in combinations {
            for group in try context.list("/devicegroups", query: query.isEmpty ? nil : .object(query)) {
                guard let id = group.id, seen.insert(id).inserted else { continue }
                groups.append(group)
            }
        }
        try context.printList(IMPT_ENTITY_DEVICE_GROUP, groups)
    }

    private static func ids(_ context: Context, _ kind: impt_entity_kind, _ identifiers: [String]) throws(PluginFailure) -> [String] {
        var ids: [String] = []
        for identifier in identifiers { ids += try context.find(kind, identifier) }
        return unique(ids)
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }
}
