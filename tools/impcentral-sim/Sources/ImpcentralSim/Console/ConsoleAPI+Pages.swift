import GRDB
import Hummingbird

/// The console's pages: each is one read of the store, rendered by its template.
extension ConsoleAPI {
    private func chrome(_ visitor: Visitor) async throws -> ConsoleChrome {
        ConsoleChrome(
            username: visitor.caller.account.username, csrf: visitor.session.csrfToken,
            generation: try await changeMarker())
    }

    private func page(_ value: Any, _ template: String) -> Response {
        ConsoleResponses.html(ConsoleTemplates.render(value, template))
    }

    func productsPage(_ visitor: Visitor) async throws -> Response {
        let caller = visitor.caller
        let products = try await env.store.read { db in try ConsoleQueries.products(db, caller) }
        return page(ConsoleProductsPage(title: "Products", chrome: try await chrome(visitor), products: products), "products")
    }

    func productPage(_ visitor: Visitor, id: String) async throws -> Response {
        let caller = visitor.caller
        let (product, groups) = try await env.store.read { db in
            let product = try Lookups.product(db, caller, id)
            return (product, try ConsoleQueries.groups(db, productID: product.id))
        }
        return page(
            ConsoleProductPage(
                title: product.name, chrome: try await chrome(visitor), productID: product.id, productName: product.name,
                description: product.description, groups: groups),
            "product")
    }

    func groupPage(_ visitor: Visitor, id: String, query: QueryParameters) async throws -> Response {
        let caller = visitor.caller
        let requested = ConsolePager.requestedPage(query)
        let (detail, (devices, pager), deployments, webhooks) = try await env.store.read { db in
            let group = try Lookups.deviceGroup(db, caller, id)
            return (
                try ConsoleQueries.groupDetail(db, group), try ConsoleQueries.devices(db, groupID: group.id, page: requested),
                try ConsoleQueries.deployments(db, groupID: group.id), try ConsoleQueries.webhooks(db, groupID: group.id)
            )
        }
        return page(
            ConsoleGroupPage(
                title: detail.name, chrome: try await chrome(visitor), group: detail, devices: devices, pager: pager,
                deployments: deployments, webhooks: webhooks),
            "group")
    }

    func devicesPage(_ visitor: Visitor, query: QueryParameters) async throws -> Response {
        let caller = visitor.caller
        let requested = ConsolePager.requestedPage(query)
        let (devices, pager) = try await env.store.read { db in try ConsoleQueries.devices(db, caller, page: requested) }
        return page(
            ConsoleDevicesPage(title: "Devices", chrome: try await chrome(visitor), devices: devices, pager: pager),
            "devices")
    }

    func devicePage(_ visitor: Visitor, id: String) async throws -> Response {
        let caller = visitor.caller
        let (detail, logs, groups) = try await env.store.read { db in
            let device = try Lookups.device(db, caller, id)
            let detail = try ConsoleQueries.deviceDetail(db, device)
            return (
                detail, detail.inProduction ? [] : try ConsoleQueries.logs(db, deviceID: device.id),
                try ConsoleQueries.groupChoices(db, caller, selected: nil)
            )
        }
        return page(
            ConsoleDevicePage(
                title: detail.name, chrome: try await chrome(visitor), device: detail, logs: logs,
                lastLogSeq: logs.last?.seq ?? 0, groups: groups),
            "device")
    }

    func deploymentPage(_ visitor: Visitor, id: String) async throws -> Response {
        let caller = visitor.caller
        let deployment = try await env.store.read { db in
            try ConsoleQueries.deployment(db, try Lookups.deployment(db, caller, id))
        }
        return page(
            ConsoleDeploymentPage(
                title: "Deployment \(deployment.id)", chrome: try await chrome(visitor), deployment: deployment),
            "deployment")
    }

    func webhookPage(_ visitor: Visitor, id: String) async throws -> Response {
        let caller = visitor.caller
        let (detail, deliveries) = try await env.store.read { db in
            let webhook = try Lookups.webhook(db, caller, id)
            return (try ConsoleQueries.webhookDetail(db, webhook), try ConsoleQueries.deliveries(db, webhookID: webhook.id))
        }
        return page(
            ConsoleWebhookPage(
                title: "Webhook \(detail.event)", chrome: try await chrome(visitor), webhook: detail,
                deliveries: deliveries),
            "webhook")
    }

    /// What the pages' live parts depend on: resource writes (the store's generation) and webhook
    /// deliveries, folded into one number that only grows.
    func changeMarker() async throws -> Int {
        let deliveries = try await env.store.read { db in
            try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM webhook_deliveries") ?? 0
        }
        return env.store.generation + deliveries
    }

    /// `GET /console/changes`: `{"generation": n}`; a page reloads its live parts when n moved.
    func changes() async throws -> Response {
        var w = JSONWriter()
        w.raw("{\"generation\":")
        w.int(try await changeMarker())
        w.raw("}")
        return ConsoleResponses.json(w)
    }

    /// How long a log poll waits for a new entry before answering with none.
    static let logPollMilliseconds: Int64 = 5000

    /// `GET /console/devices/{id}/logs?after=SEQ`: the device's entries after SEQ, oldest first
    /// (the history impt reads, in its order), waiting up to `logPollMilliseconds` for the next
    /// one when there is none yet (refused for production devices, as the API refuses their logs): `{"after": <newest seq>, "entries": [{"seq","time","type","msg"}]}`.
    func logsAfter(_ visitor: Visitor, deviceID: String, query: QueryParameters) async throws -> Response {
        guard let afterText = query["after"], let after = Int64(afterText), after >= 0 else {
            throw APIError.invalidQuery("'after' must be a log sequence number (0 or more).")
        }
        let caller = visitor.caller
        let device = try await env.store.read { db in try Lookups.device(db, caller, deviceID) }
        if device.deviceGroupType == DeviceGroupType.production.rawValue { throw APIError.productionLogs }
        let mark = env.events.nextSequence
        var entries = try await env.store.read { db in try ConsoleQueries.logs(db, deviceID: device.id, afterSeq: after) }
        if entries.isEmpty {
            let id = device.id
            if await env.events.first(
                after: mark, timeoutMilliseconds: Self.logPollMilliseconds,
                where: { $0.kind == .logsWritten && $0.subject == id }) != nil
            {
                entries = try await env.store.read { db in try ConsoleQueries.logs(db, deviceID: id, afterSeq: after) }
            }
        }
        var w = JSONWriter(capacity: 128 + entries.count * 96)
        w.raw("{\"after\":")
        w.int(Int(entries.last?.seq ?? after))
        w.raw(",\"entries\":[")
        for (i, entry) in entries.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.raw("{\"seq\":")
            w.int(Int(entry.seq))
            w.raw(",\"time\":")
            w.string(entry.time)
            w.raw(",\"type\":")
            w.string(entry.type)
            w.raw(",\"msg\":")
            w.string(entry.msg)
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("]}")
        return ConsoleResponses.json(w)
    }
}
