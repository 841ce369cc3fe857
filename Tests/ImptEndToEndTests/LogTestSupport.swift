import Foundation
import Testing

/// A sandbox logged in to a fresh simulator whose devices log often, holding one Product "P".
/// Tests share it with the threads that log while a stream runs (its calls are independent requests).
struct LogWorld: @unchecked Sendable {
    let sandbox: Sandbox
    let sim: Simulator
    let scenario: Scenario
    let product: String

    init(_ flags: [String] = []) throws {
        sandbox = try Sandbox()
        sim = try Simulator(["--demo", "--log-period", "0.2"] + flags)
        try sandbox.login(sim)
        product = try sandbox.createProduct("P")
        scenario = try Scenario(sim)
    }

    /// A group of `type` with `count` new devices; with `code`, a Deployment whose device code is
    /// `code` (the devices then log). Returns the group id and the device ids.
    func group(_ name: String, devices count: Int, type: String = "development_devicegroup", code: String? = nil,
               relationships: [String: Any] = [:]) throws -> (id: String, devices: [String]) {
        let group = try scenario.deviceGroup(product: product, name: name, type: type, relationships: relationships)
        if let code {
            let reply = try sim.call(
                "POST", "/deployments",
                body: ["data": ["type": "deployment", "attributes": ["device_code": code, "agent_code": ""],
                                "relationships": ["devicegroup": ["type": type, "id": group]]]],
                token: scenario.token)
            guard reply.status == 201 else { throw ProcessError(description: "deploy failed \(reply)") }
        }
        return (group, try scenario.devices(count, in: group, prefix: name + "-"))
    }

    /// The devices of a group in the order impCentral lists them (the order streams take them in).
    func listed(_ group: String) throws -> [String] {
        try scenario.collection("/devices?filter[devicegroup.id]=\(group)").compactMap { $0["id"] as? String }
    }

    /// Appends entries to a device's log (history and streams); returns their timestamp.
    @discardableResult
    func log(_ device: String, _ messages: [String], type: String = "server.log") throws -> String {
        let reply = try sim.call(
            "POST", "/_sim/devices/\(device)/logs", body: ["entries": messages.map { ["type": type, "msg": $0] }])
        guard reply.status == 201, let entries = (reply.json as? [String: Any])?["data"] as? [[String: Any]],
            let ts = entries.first?["ts"] as? String
        else { throw ProcessError(description: "log injection failed \(reply)") }
        return ts
    }

    /// Ends every open log stream connection of the demo account, as a broken network would.
    func dropStreams() throws {
        let reply = try sim.call("POST", "/_sim/accounts/demo/logstreams/drop")
        guard reply.status == 200 else { throw ProcessError(description: "drop failed \(reply)") }
    }

    func burst(_ device: String, count: Int, prefix: String) throws {
        let reply = try sim.call("POST", "/_sim/devices/\(device)/logs/burst", body: ["count": count, "prefix": prefix])
        guard reply.status == 200 else { throw ProcessError(description: "burst failed \(reply)") }
    }

    /// `impt <arguments>` in the background.
    func start(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> BackgroundRun {
        try BackgroundRun(sandbox, arguments, environment: environment, in: directory)
    }

    /// Writes a project file for a Device Group into `directory` (the sandbox's work directory by default).
    func project(group: String, in directory: URL? = nil) throws {
        let body = ["deviceGroupId": group, "deviceFile": "device.nut", "agentFile": "agent.nut"]
        try JSONSerialization.data(withJSONObject: body).write(
            to: (directory ?? sandbox.work).appendingPathComponent(".impt.project"))
    }
}

/// The lines `log stream` prints when it opens.
func openedLines(_ devices: [String]) -> [String] {
    let shown = devices.prefix(5).joined(separator: ", ") + (devices.count > 5 ? ", ..." : "")
    return ["Log stream for Device(s) \(shown) is opened.", "IMPT COMMAND SUCCEEDS", "", "Press <Ctrl-C> to exit."]
}

/// A streamed entry's line.
func streamed(_ device: String, _ ts: String, _ message: String, type: String = "server.log") -> String {
    "[\(device)] \(ts) [\(type)] \(message)"
}

/// The parts of a streamed line `[<device>] <ts> [<type>] <msg>`, or nil for other lines.
func entryParts(_ line: String) -> (device: String, type: String, message: String)? {
    guard line.hasPrefix("["), let deviceEnd = line.range(of: "] ") else { return nil }
    let device = String(line[line.index(after: line.startIndex)..<deviceEnd.lowerBound])
    let rest = line[deviceEnd.upperBound...]
    guard let typeStart = rest.range(of: " ["), let typeEnd = rest[typeStart.upperBound...].range(of: "] ") else { return nil }
    return (device, String(rest[typeStart.upperBound..<typeEnd.lowerBound]), String(rest[typeEnd.upperBound...]))
}

extension Array where Element == String {
    /// The messages of the streamed entries among these lines, with their device.
    var entries: [(device: String, type: String, message: String)] { compactMap(entryParts) }
}
