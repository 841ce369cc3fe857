import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A logged-in sandbox with a product "P" and a development group "DG" on a fresh simulator.
struct GroupWorld {
    let sandbox: Sandbox
    let sim: Simulator
    let scenario: Scenario
    let product: String
    let group: String

    init(_ flags: [String] = []) throws {
        sandbox = try Sandbox()
        sim = try Simulator(["--demo"] + flags)
        try sandbox.login(sim)
        product = try sandbox.createProduct("P")
        scenario = try Scenario(sim)
        group = try scenario.group(product: product, name: "DG")
    }

    func impt(_ arguments: String..., stdin: String? = nil) throws -> Run {
        try sandbox.impt(arguments, stdin: stdin)
    }
}

/// Scenario steps for the build and webhook tests: reading resources back from the simulator,
/// deployments with given code, zombies, project files and webhook delivery records. Every call
/// waits and tries again when the simulator's rate limit answers 429.
extension Scenario {
    /// A request that is sent again (up to 20 times, a simulated second apart) while it is rate
    /// limited.
    @discardableResult
    func send(_ method: String, _ path: String, body: Any? = nil) throws -> (status: Int, json: Any?) {
        for _ in 0..<20 {
            let reply = try sim.call(method, path, body: body, token: token)
            if reply.status != 429 { return reply }
            try sim.advance(seconds: 1)
        }
        throw ProcessError(description: "\(method) \(path) stayed rate limited")
    }

    func attributes(_ path: String) throws -> [String: Any] {
        try resource(path)?["attributes"] as? [String: Any] ?? [:]
    }

    /// A Deployment's device and agent code as bytes. Decoded with `JSONDecoder`: Foundation's
    /// `JSONSerialization` drops a byte order mark at the start of a string.
    func code(_ deployment: String) throws -> (device: [UInt8], agent: [UInt8]) {
        struct Document: Decodable {
            struct Resource: Decodable { let attributes: Attributes }
            struct Attributes: Decodable { let device_code: String, agent_code: String }
            let data: Resource
        }
        let url = URL(string: sim.baseURL + "/deployments/" + deployment)!
        var request = URLRequest(url: url)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let semaphore = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var body = Data()
        URLSession.shared.dataTask(with: request) { data, _, _ in
            body = data ?? Data()
            semaphore.signal()
        }.resume()
        _ = semaphore.wait(timeout: .now() + 30)
        let attributes = try JSONDecoder().decode(Document.self, from: body).data.attributes
        return (Array(attributes.device_code.utf8), Array(attributes.agent_code.utf8))
    }

    /// Ids of the Deployments the account can see, oldest first (one page of 100: the tests stay below).
    func deploymentIDs(_ query: String = "") throws -> [String] {
        let reply = try send("GET", "/deployments" + query + (query.isEmpty ? "?" : "&") + "page[size]=100")
        guard reply.status == 200, let items = (reply.json as? [String: Any])?["data"] as? [[String: Any]] else {
            throw ProcessError(description: "unexpected reply \(reply)")
        }
        return items.compactMap { $0["id"] as? String }
    }

    func group(product: String, name: String, type: String = "development_devicegroup", relationships extra: [String: Any] = [:])
        throws -> String
    {
        var relationships: [String: Any] = ["product": ["type": "product", "id": product]]
        relationships.merge(extra) { $1 }
        let reply = try send(
            "POST", "/devicegroups",
            body: ["data": ["type": type, "attributes": ["name": name], "relationships": relationships]])
        return try data(reply)["id"] as! String
    }

    /// A Deployment with the given code and attributes.
    @discardableResult
    func deployment(group: String, type: String = "development_devicegroup", device: String, agent: String = "",
                    attributes extra: [String: Any] = [:]) throws -> String {
        var attributes: [String: Any] = ["device_code": device, "agent_code": agent]
        attributes.merge(extra) { $1 }
        let reply = try send(
            "POST", "/deployments",
            body: ["data": ["type": "deployment", "attributes": attributes,
                            "relationships": ["devicegroup": ["type": type, "id": group]]]])
        return try data(reply)["id"] as! String
    }

    func patch(_ path: String, type: String, attributes: [String: Any]) throws {
        let id = String(path.split(separator: "/").last ?? "")
        let reply = try send("PATCH", path, body: ["data": ["type": type, "id": id, "attributes": attributes]])
        guard reply.status == 200 else { throw ProcessError(description: "PATCH \(path) failed \(reply)") }
    }

    func setMinSupported(group: String, deployment: String) throws {
        let reply = try send(
            "PUT", "/devicegroups/\(group)/relationships/min_supported_deployment",
            body: ["data": ["type": "deployment", "id": deployment]])
        guard reply.status == 204 else { throw ProcessError(description: "PUT min supported failed \(reply)") }
    }

    /// Zombie Deployments: made in a new group that is then deleted (needs `--zombie-deployments`).
    func zombies(product: String, count: Int, name: String = "Doomed") throws -> [String] {
        let group = try group(product: product, name: name)
        let ids = try (0..<count).map { try deployment(group: group, device: "// zombie \(name) \($0)\n") }
        let reply = try send("DELETE", "/devicegroups/\(group)")
        guard reply.status == 204 else { throw ProcessError(description: "group deletion failed \(reply)") }
        return ids
    }

    func webhook(group: String, type: String = "development_devicegroup", url: String, event: String,
                 contentType: String = "application/json") throws -> String {
        let reply = try send(
            "POST", "/webhooks",
            body: ["data": ["type": "webhook", "attributes": ["url": url, "event": event, "content_type": contentType],
                            "relationships": ["devicegroup": ["type": type, "id": group]]]])
        return try data(reply)["id"] as! String
    }

    /// The simulator's records of a Webhook's deliveries, waiting (up to `timeout` seconds) until there are `count`.
    func deliveries(_ webhook: String, count: Int, timeout: TimeInterval = 10) throws -> [[String: Any]] {
        var records: [[String: Any]] = []
        _ = try sim.waitUntil("webhook_delivered", subject: webhook, timeout: timeout) {
            let reply = try sim.call("GET", "/_sim/webhooks/\(webhook)/deliveries")
            records = (reply.json as? [String: Any])?["data"] as? [[String: Any]] ?? []
            return records.count >= count
        }
        return records
    }
}

extension Sandbox {
    /// Writes `.impt.project` in the working directory, as `impt project create` would.
    func writeProject(group: String, deviceFile: String = "device.nut", agentFile: String = "agent.nut") throws {
        let text = "{\n  \"deviceGroupId\": \"\(group)\",\n  \"deviceFile\": \"\(deviceFile)\",\n  \"agentFile\": \"\(agentFile)\"\n}\n"
        try Data(text.utf8).write(to: file(".impt.project"))
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: file(name))
    }

    func write(_ name: String, _ text: String) throws {
        try write(name, Array(text.utf8))
    }

    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: file(name)))
    }
}

extension Run {
    /// stdout as a JSON object (single-entity results).
    var object: [String: Any]? { json as? [String: Any] }

    /// The ids of the entities of a json-mode list (`[{"<Type>": {"id": ...}}]`).
    func listedIDs(_ type: String) -> [String] {
        (json as? [[String: [String: Any]]] ?? []).compactMap { $0[type]?["id"] as? String }
    }
}
