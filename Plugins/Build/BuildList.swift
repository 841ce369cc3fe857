import ImptPluginAPI
import ImptPluginKit

/// `impt build list`.
struct BuildList: Command {
    static let configuration = CommandConfiguration(
        name: "list", summary: "Lists Deployments.",
        description: "Lists the Deployments you can access, or only those that pass the filters. Repeating a filter "
            + "widens it (either value), different filters narrow the list (all of them). A Deployment whose Device "
            + "Group was deleted is a zombie.")

    @Option("owner", "o", value: "ACCOUNT_IDENTIFIER", help: "Only Deployments of this account: id, e-mail, user name or me.")
    var owners: [String]
    @Option("product", "p", value: "PRODUCT_IDENTIFIER", help: "Only Deployments of this Product: its id or name, or {account}{product}.")
    var products: [String]
    @Option("dg", "g", value: "DEVICE_GROUP_IDENTIFIER", help: "Only Deployments of this Device Group: its id or name.")
    var groups: [String]
    @Option("dg-type", "y", value: "device_group_type", help: "Only Deployments of Device Groups of this type.",
            choices: DeviceGroupTypes.names)
    var types: [String]
    @Option("sha", "s", value: "deployment_sha", help: "Only Deployments with this sha.") var shas: [String]
    @Option("tag", "t", value: "tag", help: "Only Deployments with this tag.") var tags: [String]
    @Option("flagged", "f", help: "Only flagged Deployments.") var flagged: Bool
    @Option("unflagged", "u", help: "Only Deployments that are not flagged.") var unflagged: Bool
    @Option("non-zombie", "n", help: "Only Deployments whose Device Group exists.") var nonZombie: Bool
    @Option("zombie", "m", help: "Only zombie Deployments (their Device Group was deleted).") var zombie: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let filters = Filters(
            owners: owners, products: products, groups: groups, types: types, shas: shas, tags: tags,
            flagged: flagged == unflagged ? nil : flagged, zombie: zombie == nonZombie ? nil : zombie)
        try context.printList(IMPT_ENTITY_DEPLOYMENT, try filters.deployments(context))
    }

    /// The filters of one listing. `flagged` and `zombie` are nil when both or neither of their pair are given.
    struct Filters {
        var owners, products, groups, types, shas, tags: [String]
        var flagged: Bool?
        var zombie: Bool?

        func deployments(_ context: Context) throws(PluginFailure) -> [Value] {
            try Deployments.checkTags(context, tags)
            var native: [(String, [String])] = []
            for (key, kind, identifiers) in [
                ("filter[owner.id]", IMPT_ENTITY_ACCOUNT, owners), ("filter[product.id]", IMPT_ENTITY_PRODUCT, products),
                ("filter[devicegroup.id]", IMPT_ENTITY_DEVICE_GROUP, groups),
            ] where !identifiers.isEmpty {
                var ids: [String] = []
                for identifier in identifiers {
                    for id in try context.find(kind, identifier) where !ids.contains(id) { ids.append(id) }
                }
                // An identifier filter that matches nothing leaves nothing to list.
                if ids.isEmpty { return [] }
                native.append((key, ids))
            }
            if !shas.isEmpty { native.append(("filter[sha]", shas)) }
            if !tags.isEmpty { native.append(("filter[tags]", tags)) }
            if let flagged { native.append(("filter[flagged]", [flagged ? "true" : "false"])) }
            let apiTypes = Set(types.compactMap(DeviceGroupTypes.apiType(ofName:)))
            var found: [Value] = []
            var seen = Set<String>()
            // One request per combination of values: each filter's values are alternatives.
            for query in Self.combinations(native) {
                for build in try context.list("/deployments", query: .object(query.map { ($0.0, .string($0.1)) })) {
                    guard seen.insert(build.id ?? "").inserted else { continue }
                    let groupType = build.lookup("relationships.devicegroup.type")?.string
                    if !apiTypes.isEmpty && !apiTypes.contains(groupType ?? "") { continue }
                    if let zombie, zombie != (build.related("devicegroup") == nil) { continue }
                    found.append(build)
                }
            }
            return found
        }

        static func combinations(_ filters: [(String, [String])]) -> [[(String, String)]] {
            var result: [[(String, String)]] = [[]]
            for (key, values) in filters {
                result = result.flatMap { partial in values.map { partial + [(key, $0)] } }
            }
            return result
        }
    }
}
