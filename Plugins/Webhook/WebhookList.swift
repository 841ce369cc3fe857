import ImptPluginAPI
import ImptPluginKit

/// `impt webhook list`.
struct WebhookList: Command {
    static let configuration = CommandConfiguration(
        name: "list", summary: "Lists Webhooks.",
        description: "Lists the Webhooks you can access, or only those that pass the filters. Repeating a filter "
            + "widens it (either value), different filters narrow the list (all of them).")

    @Option("owner", "o", value: "ACCOUNT_IDENTIFIER", help: "Only Webhooks of Device Groups of this account: id, e-mail, user name or me.")
    var owners: [String]
    @Option("product", "p", value: "PRODUCT_IDENTIFIER", help: "Only Webhooks of this Product: its id or name, or {account}{product}.")
    var products: [String]
    @Option("dg", "g", value: "DEVICE_GROUP_IDENTIFIER", help: "Only Webhooks of this Device Group: its id or name.")
    var groups: [String]
    @Option("dg-type", "y", value: "device_group_type", help: "Only Webhooks of Device Groups of this type.", choices: DeviceGroupTypes.names)
    var types: [String]
    @Option("url", "u", value: "target_url", help: "Only Webhooks that post to exactly this URL.") var urls: [String]
    @Option("event", "e", value: "triggered_event", help: "Only Webhooks triggered by this event.", choices: WebhookOptions.events)
    var events: [String]

    func run(_ context: Context) throws(PluginFailure) {
        let filters = Filters(owners: owners, products: products, groups: groups, types: types, urls: urls, events: events)
        try context.printList(IMPT_ENTITY_WEBHOOK, try filters.webhooks(context))
    }

    struct Filters {
        var owners, products, groups, types, urls, events: [String]

        func webhooks(_ context: Context) throws(PluginFailure) -> [Value] {
            guard let ownerIDs = try ids(context, IMPT_ENTITY_ACCOUNT, owners),
                let productIDs = try ids(context, IMPT_ENTITY_PRODUCT, products),
                let groupIDs = try ids(context, IMPT_ENTITY_DEVICE_GROUP, groups)
            else { return [] }
            var all: [Value] = []
            if groups.isEmpty {
                all = try context.list("/webhooks")
            } else {
                for id in groupIDs { all += try context.list("/webhooks", query: ["filter[devicegroup.id]": .string(id)]) }
            }
            let apiTypes = Set(types.compactMap(DeviceGroupTypes.apiType(ofName:)))
            var found: [Value] = []
            for webhook in all {
                let attributes = webhook["attributes"]
                if !urls.isEmpty && !urls.contains(attributes?["url"]?.string ?? "") { continue }
                if !events.isEmpty && !events.contains(attributes?["event"]?.string ?? "") { continue }
                if !apiTypes.isEmpty && !apiTypes.contains(webhook.lookup("relationships.devicegroup.type")?.string ?? "") { continue }
                if !owners.isEmpty || !products.isEmpty {
                    // The owner and the Product are those of the Webhook's Device Group.
                    guard let group = try deviceGroup(context, of: webhook) else { continue }
                    if !owners.isEmpty && !ownerIDs.contains(group.related("owner") ?? "") { continue }
                    if !products.isEmpty && !productIDs.contains(group.related("product") ?? "") { continue }
                }
                found.append(webhook)
            }
            return found
        }

        /// The ids an identifier filter matches; nil when it is given but matches nothing.
        private func ids(_ context: Context, _ kind: impt_entity_kind, _ identifiers: [String]) throws(PluginFailure) -> [String]? {
            var ids: [String] = []
            for identifier in identifiers {
                for id in try context.find(kind, identifier) where !ids.contains(id) { ids.append(id) }
            }
            return identifiers.isEmpty || !ids.isEmpty ? ids : nil
        }

        private func deviceGroup(_ context: Context, of webhook: Value) throws(PluginFailure) -> Value? {
            guard let id = webhook.related("devicegroup") else { return nil }
            do throws(PluginFailure) {
                let flags = UInt32(IMPT_RESOLVE_ID_ONLY) | UInt32(IMPT_RESOLVE_NO_PROJECT)
                return try context.resolve(IMPT_ENTITY_DEVICE_GROUP, id, flags: flags).data
            } catch where error.status == Int32(IMPT_ERR_NOT_FOUND.rawValue) {
                context.clearError()
                return nil
            }
        }
    }
}
