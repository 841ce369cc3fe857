import Testing
@testable import ImpcentralSim

@Suite("Devices")
struct DeviceTests {
    static let deviceAttributes = [
        "name", "agent_id", "agent_url", "device_online", "device_state_changed_at", "agent_running",
        "agent_state_changed_at", "last_enrolled_at", "imp_type", "ip_address", "mac_address", "free_memory", "rssi",
        "swversion", "plan_id",
    ]

    @Test("Device documents: attribute order; unassigned devices have no agent id or group")
    func document() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let reply = try await sim.get("/devices/00000000000000a1", token: token)
            #expect(reply.status == 200)
            #expect(reply.data["attributes"]?.keys == Self.deviceAttributes)
            #expect(reply.data["attributes"]?["agent_id"]?.isNull == true)
            #expect(reply.data["attributes"]?["device_online"]?.boolValue == true)
            #expect(reply.data["attributes"]?["mac_address"]?.stringValue == "0c:2a:69:00:00:01")
            #expect(reply.data["relationships"]?.keys == ["owner"])
            let offline = try await sim.get("/devices/00000000000000a3", token: token)
            #expect(offline.data["attributes"]?["device_online"]?.boolValue == false)
            #expect(offline.data["attributes"]?["imp_type"]?.stringValue == "imp005")
            // MAC lookups (any case/format); an agent id cannot address an unassigned device.
            #expect(try await sim.get("/devices/0c:2a:69:00:00:01", token: token).data["id"]?.stringValue == "00000000000000a1")
            #expect(try await sim.get("/devices/0C:2A:69:00:00:01", token: token).status == 200)
            #expect(try await sim.get("/devices/0c%3A2a%3A69%3A00%3A00%3A01", token: token).status == 200)
            #expect(try await sim.get("/devices/AgentAlice01", token: token).status == 404)
            #expect(try await sim.get("/devices/ffffffffffffffff", token: token).status == 404)
            #expect(try await sim.get("/devices/nonsense", token: token).status == 404)
            // Another account's device is invisible.
            #expect(try await sim.get("/devices/00000000000000b1", token: token).status == 404)
        }
    }

    @Test("Assign, reassign and unassign; agent ids are kept; relationships follow")
    func assignment() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let g1 = try await sim.groupID(token, product: product, name: "G1")
            let g2 = try await sim.groupID(token, product: product, name: "G2")
            #expect(try await sim.assign(token, group: g1, devices: ["0c:2a:69:00:00:01", "00000000000000a2"]).status == 204)
            let d1 = try await sim.get("/devices/AgentAlice01", token: token).data
            #expect(d1["id"]?.stringValue == "00000000000000a1")
            #expect(d1["relationships"]?.keys == ["devicegroup", "product", "owner"])
            #expect(d1["relationships"]?["devicegroup"]?["type"]?.stringValue == "development_devicegroup")
            #expect(d1["relationships"]?["product"]?["id"]?.stringValue == product)
            #expect(d1["attributes"]?["agent_url"]?.stringValue?.hasSuffix("/AgentAlice01") == true)
            let d2 = try await sim.get("/devices/00000000000000a2", token: token).data
            let generated = d2["attributes"]?["agent_id"]?.stringValue ?? ""
            #expect(Identifiers.isAgentID(generated))
            // Reassign by agent id moves the device.
            #expect(try await sim.assign(token, group: g2, devices: [generated]).status == 204)
            #expect(try await sim.get("/devices?filter[devicegroup.id]=\(g1)", token: token).data.count == 1)
            #expect(try await sim.get("/devices?filter[devicegroup.id]=\(g2)", token: token).data.count == 1)
            // Unassign; the same agent id comes back on the next assignment.
            #expect(try await sim.unassign(token, group: g2, devices: ["00000000000000a2"]).status == 204)
            let unassigned = try await sim.get("/devices/00000000000000a2", token: token).data
            #expect(unassigned["attributes"]?["agent_id"]?.isNull == true)
            #expect(unassigned["relationships"]?.keys == ["owner"])
            #expect(try await sim.assign(token, group: g1, devices: ["00000000000000a2"]).status == 204)
            let again = try await sim.get("/devices/00000000000000a2", token: token).data
            #expect(again["attributes"]?["agent_id"]?.stringValue == generated)
            // Unknown devices in an assignment: 400 with 404 entries, nothing assigned.
            let bad = try await sim.assign(token, group: g2, devices: ["00000000000000a3", "ffffffffffffffff"])
            #expect(bad.status == 400)
            #expect(bad.json["errors"]?.arrayValue?.allSatisfy { $0["status"]?.stringValue == "404" } == true)
            #expect(try await sim.get("/devices/00000000000000a3", token: token).data["relationships"]?["devicegroup"] == nil)
        }
    }

    @Test("Unassigning devices not in the group: 400 whose errors all have status 404")
    func unassignNotInGroup() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let group = try await sim.groupID(token, product: product, name: "G")
            let reply = try await sim.unassign(token, group: group, devices: ["00000000000000a1", "0c:2a:69:00:00:02"])
            #expect(reply.status == 400)
            let errors = reply.json["errors"]?.arrayValue ?? []
            #expect(errors.count == 2)
            #expect(errors.allSatisfy { $0["status"]?.stringValue == "404" })
        }
    }

    @Test("Production groups need a non-empty unbond key to remove devices")
    func unbondKey() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let prod = try await sim.groupID(token, product: product, name: "Prod", type: "production_devicegroup")
            #expect(try await sim.assign(token, group: prod, devices: ["00000000000000a1"]).status == 204)
            #expect(try await sim.unassign(token, group: prod, devices: ["00000000000000a1"]).status == 403)
            #expect(try await sim.unassign(token, group: prod, devices: ["00000000000000a1"], headers: [("X-Electricimp-Key", "")]).status == 403)
            #expect(try await sim.unassign(token, group: prod, devices: ["00000000000000a1"], headers: [("X-Electricimp-Key", "unbond-1")]).status == 204)
        }
    }

    @Test("Update the name only; remove only when unassigned")
    func updateAndRemove() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let group = try await sim.groupID(token, product: product, name: "G")
            let renamed = try await sim.request(
                "PATCH", "/devices/00000000000000a1", token: token,
                json: #"{"data":{"type":"device","id":"00000000000000a1","attributes":{"name":"renamed"}}}"#)
            #expect(renamed.status == 200)
            #expect(renamed.data["attributes"]?["name"]?.stringValue == "renamed")
            let readOnly = try await sim.request(
                "PATCH", "/devices/00000000000000a1", token: token,
                json: #"{"data":{"type":"device","id":"00000000000000a1","attributes":{"imp_type":"imp003"}}}"#)
            #expect(readOnly.status == 400)
            #expect(try await sim.assign(token, group: group, devices: ["00000000000000a1"]).status == 204)
            let refused = try await sim.request("DELETE", "/devices/00000000000000a1", token: token)
            #expect(refused.status == 409)
            #expect(refused.errorTitle == "Device Assigned")
            #expect(try await sim.unassign(token, group: group, devices: ["00000000000000a1"]).status == 204)
            #expect(try await sim.request("DELETE", "/devices/00000000000000a1", token: token).status == 204)
            #expect(try await sim.get("/devices/00000000000000a1", token: token).status == 404)
        }
    }

    @Test("Every device filter")
    func filters() async throws {
        try await TestSim.with { sim in
            let alice = try await sim.login()
            let bob = try await sim.login("bob")
            let aliceID = try await sim.accountID(alice)
            let bobID = try await sim.accountID(bob)
            let product = try await sim.productID(alice, name: "P")
            let dev = try await sim.groupID(alice, product: product, name: "Dev")
            let prod = try await sim.groupID(alice, product: product, name: "Prod", type: "production_devicegroup")
            #expect(try await sim.assign(alice, group: dev, devices: ["00000000000000a1"]).status == 204)
            #expect(try await sim.assign(bob, group: prod, devices: ["00000000000000b1"]).status == 204)
            func count(_ token: String, _ query: String) async throws -> Int {
                let reply = try await sim.get("/devices?\(query)", token: token)
                #expect(reply.status == 200, "\(query): \(reply.text)")
                return reply.data.count
            }
            #expect(try await count(alice, "") == 4)  // her 3 + bob's device in her group
            #expect(try await count(bob, "") == 4)
            #expect(try await count(alice, "filter[owner.id]=\(aliceID)") == 3)
            #expect(try await count(alice, "filter[owner.id]=\(bobID)") == 1)
            #expect(try await count(alice, "filter[product.id]=\(product)") == 2)
            #expect(try await count(alice, "filter[devicegroup.id]=\(dev)") == 1)
            #expect(try await count(alice, "filter[devicegroup.owner.id]=\(aliceID)") == 2)
            #expect(try await count(alice, "filter[devicegroup.owner.id]=null") == 2)
            #expect(try await count(alice, "filter[devicegroup.type]=production_devicegroup") == 1)
            #expect(try await sim.get("/devices?filter[devicegroup.type]=nope", token: alice).status == 400)
            #expect(try await sim.get("/devices?filter[online]=true", token: alice).status == 400)
        }
    }
}
