import Foundation
import Testing

/// Simulator set-up for the dg tests: devices, groups and Deployments made through the API and
/// the simulator's admin endpoints, and reads of the server state that the assertions check.
extension Scenario {
    /// A new device of the demo account; returns its id.
    @discardableResult
    func newDevice(_ name: String, online: Bool = true) throws -> String {
        let reply = try sim.call("POST", "/_sim/devices", body: ["account": "demo", "name": name, "online": online])
        return try data(reply)["id"] as! String
    }

    /// `count` new devices assigned to `group`; returns their ids in creation order.
    func devices(_ count: Int, in group: String, prefix: String) throws -> [String] {
        var ids: [String] = []
        for index in 0..<count { ids.append(try newDevice("\(prefix)\(index)")) }
        if !ids.isEmpty {
            let reply = try sim.call(
                "POST", "/devicegroups/\(group)/relationships/devices",
                body: ["data": ids.map { ["type": "device", "id": $0] }], token: token)
            guard (200..<300).contains(reply.status) else { throw ProcessError(description: "assign failed \(reply)") }
        }
        return ids
    }

    /// A resource as the server has it now (nil after a 404).
    func resource(_ path: String) throws -> [String: Any]? {
        let reply = try sim.call("GET", path, token: token)
        return reply.status == 200 ? (reply.json as? [String: Any])?["data"] as? [String: Any] : nil
    }

    /// Every resource of a collection page of up to 100 (enough for these tests).
    func collection(_ path: String) throws -> [[String: Any]] {
        let separator = path.contains("?") ? "&" : "?"
        let reply = try sim.call("GET", path + separator + "page[size]=100", token: token)
        return (reply.json as? [String: Any])?["data"] as? [[String: Any]] ?? []
    }

    func groupIDs() throws -> [String] {
        try collection("/devicegroups").compactMap { $0["id"] as? String }.sorted()
    }

    /// Ids of the devices assigned to a group, sorted.
    func assigned(to group: String) throws -> [String] {
        try collection("/devices?filter[devicegroup.id]=\(group)").compactMap { $0["id"] as? String }.sorted()
    }

    /// The id of a relationship of a resource (`production_target`, `min_supported_deployment`, ...).
    func relation(_ name: String, of path: String) throws -> String? {
        ((try resource(path)?["relationships"] as? [String: Any])?[name] as? [String: Any])?["id"] as? String
    }

    func attribute(_ name: String, of path: String) throws -> Any? {
        (try resource(path)?["attributes"] as? [String: Any])?[name]
    }
}

extension Run {
    /// stdout starts with the command's help and ends with the error and the failure line.
    func isUsageError(_ command: String, _ message: String) -> Bool {
        status == 1 && stdout.hasPrefix("\nUsage: impt dg \(command) ") && stdout.hasSuffix("\nError: \(message)\nIMPT COMMAND FAILS\n")
    }
}

/// The lines of a short block of an online, assigned device as device lists print it.
func deviceBlock(_ id: String, name: String) -> [String] {
    ["Device: ", "  id:            \(id)", "  name:          \(name)", "  mac_address:   *", "  agent_id:      *", "  device_online: true"]
}

/// Compares printed lines with expected ones, where an expected line ending in `*` matches any
/// line with that prefix (for MAC addresses and agent ids the server chooses).
func matches(_ lines: some Collection<String>, _ expected: [String]) -> Bool {
    guard lines.count == expected.count else { return false }
    return zip(lines, expected).allSatisfy { line, pattern in
        pattern.hasSuffix("*") ? line.hasPrefix(String(pattern.dropLast())) : line == pattern
    }
}

/// A sandbox logged in to a fresh simulator holding one Product, "P".
struct World {
    let sandbox: Sandbox
    let sim: Simulator
    let scenario: Scenario
    let product: String

    init() throws {
        sandbox = try Sandbox()
        sim = try Simulator()
        try sandbox.login(sim)
        product = try sandbox.createProduct("P")
        scenario = try Scenario(sim)
    }
}

extension Scenario {
    /// A factory group of `product` targeting the given production and DUT groups.
    func factoryGroup(product: String, name: String, production: String, dut: String) throws -> String {
        try deviceGroup(
            product: product, name: name, type: "factoryfixture_devicegroup",
            relationships: ["production_target": ["type": "production_devicegroup", "id": production],
                            "dut_target": ["type": "dut_devicegroup", "id": dut]])
    }
}
