import Foundation

/// Builds impCentral state directly through the simulator's API, for what the product and auth
/// groups cannot create themselves (device groups, assignments, deployments).
struct Scenario {
    let sim: Simulator
    let token: String

    init(_ sim: Simulator, user: String = "demo", password: String = "demo-password") throws {
        self.sim = sim
        token = try sim.token(user: user, password: password)
    }

    func data(_ reply: (status: Int, json: Any?)) throws -> [String: Any] {
        guard (200..<300).contains(reply.status), let data = (reply.json as? [String: Any])?["data"] as? [String: Any] else {
            throw ProcessError(description: "unexpected reply \(reply)")
        }
        return data
    }

    @discardableResult
    func deviceGroup(product: String, name: String, type: String = "development_devicegroup",
                     relationships extra: [String: Any] = [:]) throws -> String {
        var relationships: [String: Any] = ["product": ["type": "product", "id": product]]
        relationships.merge(extra) { $1 }
        let reply = try sim.call(
            "POST", "/devicegroups",
            body: ["data": ["type": type, "attributes": ["name": name], "relationships": relationships]], token: token)
        return try data(reply)["id"] as! String
    }

    func devices() throws -> [[String: Any]] {
        let reply = try sim.call("GET", "/devices", token: token)
        return (reply.json as? [String: Any])?["data"] as? [[String: Any]] ?? []
    }

    func assign(device: String, to group: String) throws {
        let reply = try sim.call(
            "POST", "/devicegroups/\(group)/relationships/devices", body: ["data": [["type": "device", "id": device]]], token: token)
        guard (200..<300).contains(reply.status) else { throw ProcessError(description: "assign failed \(reply)") }
    }

    @discardableResult
    func deployment(group: String, type: String = "development_devicegroup", flagged: Bool = false, tags: [String] = []) throws -> String {
        let reply = try sim.call(
            "POST", "/deployments",
            body: ["data": ["type": "deployment",
                            "attributes": ["device_code": "server.log(\"hi\");", "agent_code": "", "flagged": flagged, "tags": tags],
                            "relationships": ["devicegroup": ["type": type, "id": group]]]],
            token: token)
        return try data(reply)["id"] as! String
    }

    func exists(_ path: String) throws -> Bool {
        try sim.call("GET", path, token: token).status == 200
    }
}

extension Sandbox {
    /// Creates a product and returns its id.
    func createProduct(_ name: String, _ extra: [String] = []) throws -> String {
        let run = try impt(["product", "create", "-n", name, "-z", "json"] + extra)
        guard let id = ((run.json as? [String: [String: Any]])?["Product"]?["id"]) as? String else {
            throw ProcessError(description: "product create failed: \(run)")
        }
        return id
    }
}
