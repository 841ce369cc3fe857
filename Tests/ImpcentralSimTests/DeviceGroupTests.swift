import Testing
@testable import ImpcentralSim

@Suite("Device groups")
struct DeviceGroupTests {
    static let simpleTypes = [
        "development_devicegroup", "pre_dut_devicegroup", "pre_production_devicegroup", "dut_devicegroup",
        "production_devicegroup",
    ]

    @Test("Groups of every non-factory type: attributes in order, relationships", arguments: simpleTypes)
    func createTypes(type: String) async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let reply = try await sim.createGroup(token, product: product, name: "G", type: type)
            #expect(reply.status == 201)
            let g = reply.data
            #expect(g["type"]?.stringValue == type)
            let productionLike = type == "production_devicegroup" || type == "pre_production_devicegroup"
            let expected = productionLike
                ? ["name", "description", "region", "load_code_after_blessing", "created_at", "updated_at"]
                : ["name", "description", "region", "created_at", "updated_at"]
            #expect(g["attributes"]?.keys == expected)
            #expect(g["attributes"]?["description"]?.stringValue == "")
            #expect(g["attributes"]?["region"]?.isNull == true)
            if productionLike { #expect(g["attributes"]?["load_code_after_blessing"]?.boolValue == true) }
            #expect(g["relationships"]?.keys == ["product", "owner", "creator"])
            #expect(g["relationships"]?["product"]?["id"]?.stringValue == product)
            // Filter by type.
            let listed = try await sim.get("/devicegroups?filter[type]=\(type)", token: token)
            #expect(listed.data.count == 1)
        }
    }

    @Test("Factory and pre-factory groups need matching targets in the same product")
    func factoryTargets() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let other = try await sim.productID(token, name: "Other")
            let preProd = try await sim.groupID(token, product: product, name: "PreProd", type: "pre_production_devicegroup")
            let preDUT = try await sim.groupID(token, product: product, name: "PreDUT", type: "pre_dut_devicegroup")
            let prod = try await sim.groupID(token, product: product, name: "Prod", type: "production_devicegroup")
            let dut = try await sim.groupID(token, product: product, name: "DUT", type: "dut_devicegroup")
            let foreignDUT = try await sim.groupID(token, product: other, name: "DUT2", type: "pre_dut_devicegroup")
            let pf = "pre_factoryfixture_devicegroup"
            // Missing targets.
            let missing = try await sim.createGroup(token, product: product, name: "F", type: pf)
            #expect(missing.status == 400)
            let onlyOne = try await sim.createGroup(
                token, product: product, name: "F", type: pf, production: (preProd, "pre_production_devicegroup"))
            #expect(onlyOne.status == 400)
            // Wrong pairing (production target for a pre-factory).
            let wrong = try await sim.createGroup(
                token, product: product, name: "F", type: pf, production: (prod, "production_devicegroup"),
                dut: (preDUT, "pre_dut_devicegroup"))
            #expect(wrong.status == 400)
            // Target from another product.
            let crossProduct = try await sim.createGroup(
                token, product: product, name: "F", type: pf, production: (preProd, "pre_production_devicegroup"),
                dut: (foreignDUT, "pre_dut_devicegroup"))
            #expect(crossProduct.status == 400)
            // Targets on a development group.
            let devWithTarget = try await sim.createGroup(
                token, product: product, name: "D", production: (preProd, "pre_production_devicegroup"))
            #expect(devWithTarget.status == 400)
            // Correct pre-factory.
            let ok = try await sim.createGroup(
                token, product: product, name: "F", type: pf, production: (preProd, "pre_production_devicegroup"),
                dut: (preDUT, "pre_dut_devicegroup"))
            #expect(ok.status == 201)
            let rels = ok.data["relationships"]
            #expect(rels?.keys == ["product", "owner", "creator", "production_target", "dut_target"])
            #expect(rels?["production_target"]?["type"]?.stringValue == "pre_production_devicegroup")
            #expect(rels?["dut_target"]?["id"]?.stringValue == preDUT)
            // Correct factory.
            let factory = try await sim.createGroup(
                token, product: product, name: "Factory", type: "factoryfixture_devicegroup",
                production: (prod, "production_devicegroup"), dut: (dut, "dut_devicegroup"))
            #expect(factory.status == 201)
            // A target cannot be deleted while targeted.
            let targeted = try await sim.request("DELETE", "/devicegroups/\(preProd)", token: token)
            #expect(targeted.status == 409)
            // Targets can be changed on update.
            let preProd2 = try await sim.groupID(token, product: product, name: "PreProd2", type: "pre_production_devicegroup")
            let fid = ok.data["id"]?.stringValue ?? ""
            let retarget = try await sim.request(
                "PATCH", "/devicegroups/\(fid)", token: token,
                json: #"{"data":{"type":"\#(pf)","id":"\#(fid)","relationships":{"production_target":{"type":"pre_production_devicegroup","id":"\#(preProd2)"}}}}"#)
            #expect(retarget.status == 200)
            #expect(retarget.data["relationships"]?["production_target"]?["id"]?.stringValue == preProd2)
            #expect(try await sim.request("DELETE", "/devicegroups/\(preProd)", token: token).status == 204)
            // Deleting the factory group first frees its targets.
            #expect(try await sim.request("DELETE", "/devicegroups/\(fid)", token: token).status == 204)
            #expect(try await sim.request("DELETE", "/devicegroups/\(preProd2)", token: token).status == 204)
        }
    }

    @Test("region and load_code_after_blessing only on production and pre-production")
    func productionAttributes() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let dev = try await sim.createGroup(token, product: product, name: "D", attributes: #""region":"eu""#)
            #expect(dev.status == 400)
            let devLoad = try await sim.createGroup(
                token, product: product, name: "D", attributes: #""load_code_after_blessing":false"#)
            #expect(devLoad.status == 400)
            let prod = try await sim.createGroup(
                token, product: product, name: "Prod", type: "production_devicegroup",
                attributes: #""region":"eu-west","description":"d""#)
            #expect(prod.status == 201)
            #expect(prod.data["attributes"]?["region"]?.stringValue == "eu-west")
            let id = prod.data["id"]?.stringValue ?? ""
            let patched = try await sim.request(
                "PATCH", "/devicegroups/\(id)", token: token,
                json: #"{"data":{"type":"production_devicegroup","id":"\#(id)","attributes":{"load_code_after_blessing":false}}}"#)
            #expect(patched.status == 200)
            #expect(patched.data["attributes"]?["load_code_after_blessing"]?.boolValue == false)
            #expect(patched.data["attributes"]?["region"]?.stringValue == "eu-west")
            // Type cannot change.
            let retype = try await sim.request(
                "PATCH", "/devicegroups/\(id)", token: token,
                json: #"{"data":{"type":"development_devicegroup","id":"\#(id)","attributes":{}}}"#)
            #expect(retype.status == 400)
        }
    }

    @Test("env_vars: returned as given, only when set, validated")
    func envVars() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let created = try await sim.createGroup(
                token, product: product, name: "G", attributes: #""env_vars":{"zeta":"1","alpha":2.50}"#)
            #expect(created.status == 201)
            let attrs = created.data["attributes"]
            #expect(attrs?.keys == ["name", "description", "region", "env_vars", "created_at", "updated_at"])
            #expect(attrs?["env_vars"]?.jsonText == #"{"zeta":"1","alpha":2.50}"#)
            let id = created.data["id"]?.stringValue ?? ""
            let replaced = try await sim.request(
                "PATCH", "/devicegroups/\(id)", token: token,
                json: #"{"data":{"type":"development_devicegroup","id":"\#(id)","attributes":{"env_vars":{"k":"v"}}}}"#)
            #expect(replaced.data["attributes"]?["env_vars"]?.jsonText == #"{"k":"v"}"#)
            for bad in [#"{"1abc":"x"}"#, #"{"a-b":"x"}"#, #"{"a":{"b":1}}"#, #"{"a":true}"#, #"[1]"#, #""text""#] {
                let reply = try await sim.createGroup(token, product: product, name: "Bad", attributes: #""env_vars":\#(bad)"#)
                #expect(reply.status == 400, "\(bad)")
            }
        }
    }

    @Test("Group names are unique per product; list filters")
    func namesAndFilters() async throws {
        try await TestSim.with { sim in
            let alice = try await sim.login()
            let bob = try await sim.login("bob")
            let aliceID = try await sim.accountID(alice)
            let p1 = try await sim.productID(alice, name: "P1")
            let p2 = try await sim.productID(alice, name: "P2")
            _ = try await sim.groupID(alice, product: p1, name: "G")
            let dup = try await sim.createGroup(alice, product: p1, name: "G")
            #expect(dup.status == 409)
            #expect(dup.errorTitle == "Duplicate Resource")
            #expect(dup.errorDetail == "Devicegroups must have unique names.")
            _ = try await sim.groupID(alice, product: p2, name: "G")
            _ = try await sim.groupID(alice, product: p2, name: "Prod", type: "production_devicegroup")
            #expect(try await sim.get("/devicegroups", token: alice).data.count == 3)
            #expect(try await sim.get("/devicegroups?filter[product.id]=\(p2)", token: alice).data.count == 2)
            #expect(try await sim.get("/devicegroups?filter[owner.id]=\(aliceID)", token: bob).data.count == 3)
            #expect(try await sim.get("/devicegroups?filter[type]=production_devicegroup&filter[product.id]=\(p2)", token: alice).data.count == 1)
            #expect(try await sim.get("/devicegroups?filter[type]=bogus", token: alice).status == 400)
            // Product must exist and be visible.
            let dave = try await sim.login("dave")
            #expect(try await sim.createGroup(dave, product: p1, name: "X").status == 400)
            #expect(try await sim.get("/devicegroups", token: dave).data.count == 0)
        }
    }

    @Test("Deployments: first is current and min supported; min supported rules; delete rules")
    func minSupported() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let group = try await sim.groupID(token, product: product, name: "G")
            let other = try await sim.groupID(token, product: product, name: "Other")
            let d1 = try await sim.deploy(token, group: group).data["id"]?.stringValue ?? ""
            var g = try await sim.get("/devicegroups/\(group)", token: token).data
            #expect(g["relationships"]?["current_deployment"]?["id"]?.stringValue == d1)
            #expect(g["relationships"]?["min_supported_deployment"]?["id"]?.stringValue == d1)
            let d2 = try await sim.deploy(token, group: group, device: "a").data["id"]?.stringValue ?? ""
            let d3 = try await sim.deploy(token, group: group, device: "b").data["id"]?.stringValue ?? ""
            g = try await sim.get("/devicegroups/\(group)", token: token).data
            #expect(g["relationships"]?["current_deployment"]?["id"]?.stringValue == d3)
            #expect(g["relationships"]?["min_supported_deployment"]?["id"]?.stringValue == d1)
            func setMin(_ id: String) async throws -> Int {
                try await sim.request(
                    "PUT", "/devicegroups/\(group)/relationships/min_supported_deployment", token: token,
                    json: #"{"data":{"type":"deployment","id":"\#(id)"}}"#).status
            }
            #expect(try await setMin(d2) == 204)
            #expect(try await setMin(d1) == 400)  // older than the current minimum
            let foreign = try await sim.deploy(token, group: other).data["id"]?.stringValue ?? ""
            #expect(try await setMin(foreign) == 400)  // another group's deployment
            // Delete: the minimum and newer are refused, older is allowed.
            let refused = try await sim.request("DELETE", "/deployments/\(d2)", token: token)
            #expect(refused.status == 409)
            #expect(try await sim.request("DELETE", "/deployments/\(d3)", token: token).status == 409)
            #expect(try await sim.request("DELETE", "/deployments/\(d1)", token: token).status == 204)
            // A PATCH with empty attributes is a no-op that still answers 200.
            let noop = try await sim.request(
                "PATCH", "/devicegroups/\(group)", token: token,
                json: #"{"data":{"type":"development_devicegroup","id":"\#(group)","attributes":{}}}"#)
            #expect(noop.status == 200)
        }
    }

    @Test("Deleting a group: refused with devices or flagged deployments; deletes its deployments")
    func deleteRules() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let group = try await sim.groupID(token, product: product, name: "G")
            let flagged = try await sim.deploy(token, group: group, extra: #""flagged":true"#).data["id"]?.stringValue ?? ""
            let plain = try await sim.deploy(token, group: group, device: "x").data["id"]?.stringValue ?? ""
            #expect(try await sim.assign(token, group: group, devices: ["00000000000000a1"]).status == 204)
            let withDevice = try await sim.request("DELETE", "/devicegroups/\(group)", token: token)
            #expect(withDevice.status == 409)
            #expect(try await sim.unassign(token, group: group, devices: ["00000000000000a1"]).status == 204)
            let withFlagged = try await sim.request("DELETE", "/devicegroups/\(group)", token: token)
            #expect(withFlagged.status == 409)
            #expect(withFlagged.errorTitle == "Flagged Deployments Exist")
            #expect(withFlagged.errorDetail == "Cannot delete a devicegroup with flagged deployments; delete those first.")
            let unflag = try await sim.request(
                "PATCH", "/deployments/\(flagged)", token: token,
                json: #"{"data":{"type":"deployment","id":"\#(flagged)","attributes":{"flagged":false}}}"#)
            #expect(unflag.status == 200)
            #expect(try await sim.request("DELETE", "/devicegroups/\(group)", token: token).status == 204)
            #expect(try await sim.get("/deployments/\(flagged)", token: token).status == 404)
            #expect(try await sim.get("/deployments/\(plain)", token: token).status == 404)
            #expect(try await sim.get("/deployments?filter[product.id]=\(product)", token: token).data.count == 0)
            #expect(try await sim.request("DELETE", "/products/\(product)", token: token).status == 204)
        }
    }

    @Test("With --zombie-deployments a deleted group's deployments stay, without their group, and can be deleted")
    func zombieDeployments() async throws {
        try await TestSim.with(configure: { $0.zombieDeployments = true }) { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let group = try await sim.groupID(token, product: product, name: "G")
            let first = try await sim.deploy(token, group: group).data["id"]?.stringValue ?? ""
            let second = try await sim.deploy(token, group: group, device: "x").data["id"]?.stringValue ?? ""
            #expect(try await sim.request("DELETE", "/devicegroups/\(group)", token: token).status == 204)
            let zombie = try await sim.get("/deployments/\(second)", token: token)
            #expect(zombie.status == 200)
            #expect(zombie.data["relationships"]?["devicegroup"] == nil)
            #expect(zombie.data["relationships"]?["product"]?["id"]?.stringValue == product)
            #expect(try await sim.get("/deployments?filter[product.id]=\(product)", token: token).data.count == 2)
            // Nothing protects a zombie any more: the group's minimum is gone with the group.
            #expect(try await sim.request("DELETE", "/deployments/\(first)", token: token).status == 204)
            #expect(try await sim.request("DELETE", "/deployments/\(second)", token: token).status == 204)
        }
    }

    @Test("Restart and conditional restart answer 204; unknown group 404")
    func restarts() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let group = try await sim.groupID(token, product: product, name: "G")
            #expect(try await sim.request("POST", "/devicegroups/\(group)/restart", token: token).status == 204)
            #expect(try await sim.request("POST", "/devicegroups/\(group)/conditional_restart", token: token).status == 204)
            #expect(try await sim.request("POST", "/devicegroups/00000000-0000-0000-0000-000000000000/restart", token: token).status == 404)
            #expect(try await sim.request("GET", "/devicegroups/\(group)/restart", token: token).status == 405)
        }
    }
}
