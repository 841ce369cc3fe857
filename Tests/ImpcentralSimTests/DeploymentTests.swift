import Testing
@testable import ImpcentralSim

@Suite("Deployments")
struct DeploymentTests {
    @Test("Create: attributes in order, sha deterministic, relationships, monotonic created_at")
    func create() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let aliceID = try await sim.accountID(token)
            let product = try await sim.productID(token, name: "P")
            let group = try await sim.groupID(token, product: product, name: "G")
            let first = try await sim.deploy(
                token, group: group, device: "server.log(1)", agent: "a",
                extra: #""description":"my build","origin":"git@x","tags":["RC1","a.b-c_*"]"#)
            #expect(first.status == 201)
            let d = first.data
            #expect(d["attributes"]?.keys == [
                "sha", "tags", "flagged", "description", "origin", "device_code", "agent_code", "created_at", "updated_at",
            ])
            #expect(d["attributes"]?["sha"]?.stringValue?.count == 64)
            #expect(d["attributes"]?["tags"]?.jsonText == #"["RC1","a.b-c_*"]"#)
            #expect(d["attributes"]?["flagged"]?.boolValue == false)
            #expect(d["relationships"]?.keys == ["devicegroup", "product", "owner", "creator"])
            #expect(d["relationships"]?["devicegroup"]?["type"]?.stringValue == "development_devicegroup")
            #expect(d["relationships"]?["creator"]?["id"]?.stringValue == aliceID)
            // Same code, same sha; different code, different sha.
            let same = try await sim.deploy(token, group: group, device: "server.log(1)", agent: "a")
            #expect(same.data["attributes"]?["sha"] == d["attributes"]?["sha"])
            let different = try await sim.deploy(token, group: group, device: "server.log(2)", agent: "a")
            #expect(different.data["attributes"]?["sha"] != d["attributes"]?["sha"])
            // Empty code is legal; origin defaults to null.
            let empty = try await sim.deploy(token, group: group)
            #expect(empty.status == 201)
            #expect(empty.data["attributes"]?["origin"]?.isNull == true)
            let stamps = [first, same, different, empty].compactMap { $0.data["attributes"]?["created_at"]?.stringValue }
            #expect(stamps == stamps.sorted() && Set(stamps).count == 4)
        }
    }

    @Test("Create validation", arguments: [
        #""agent_code":"""#, #""device_code":"""#, #""device_code":"","agent_code":"","sha":"x""#,
        #""device_code":"","agent_code":"","tags":"RC1""#, #""device_code":"","agent_code":"","tags":["bad tag"]"#,
        #""device_code":"","agent_code":"","flagged":"yes""#, #""device_code":1,"agent_code":"""#,
    ])
    func validation(attributes: String) async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let group = try await sim.groupID(token, product: product, name: "G")
            let reply = try await sim.request(
                "POST", "/deployments", token: token,
                json: #"{"data":{"type":"deployment","attributes":{\#(attributes)},"relationships":{"devicegroup":{"type":"development_devicegroup","id":"\#(group)"}}}}"#)
            #expect(reply.status == 400, "\(reply.text)")
        }
    }

    @Test("Missing or wrong devicegroup relationship; compile errors")
    func relationshipAndCompile() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let group = try await sim.groupID(token, product: product, name: "G")
            let none = try await sim.request(
                "POST", "/deployments", token: token,
                json: #"{"data":{"type":"deployment","attributes":{"device_code":"","agent_code":""}}}"#)
            #expect(none.status == 400)
            let wrongType = try await sim.deploy(token, group: group, groupType: "production_devicegroup")
            #expect(wrongType.status == 400)
            let unknown = try await sim.deploy(token, group: "00000000-0000-0000-0000-000000000000")
            #expect(unknown.status == 400)
            let broken = try await sim.deploy(token, group: group, device: "function f() {\n  server.log(\"x\");\n", agent: "")
            #expect(broken.status == 400)
            #expect(broken.errorTitle == "Compilation Error")
            #expect(broken.firstError["code"]?.stringValue == "CX005")
            #expect(broken.firstError["meta"]?[0]?["file"]?.stringValue == "device_code")
            #expect(broken.firstError["meta"]?[0]?["row"]?.intValue == 1)
        }
    }

    @Test("Update: description, flagged (flagger), tags; read-only fields refused; flagged cannot be deleted")
    func update() async throws {
        try await TestSim.with { sim in
            let alice = try await sim.login()
            let bob = try await sim.login("bob")
            let bobID = try await sim.accountID(bob)
            let product = try await sim.productID(alice, name: "P")
            let group = try await sim.groupID(alice, product: product, name: "G")
            let old = try await sim.deploy(alice, group: group).data["id"]?.stringValue ?? ""
            let id = try await sim.deploy(alice, group: group, device: "x").data["id"]?.stringValue ?? ""
            let patched = try await sim.request(
                "PATCH", "/deployments/\(id)", token: bob,
                json: #"{"data":{"type":"deployment","id":"\#(id)","attributes":{"description":"d","flagged":true,"tags":["T1"]}}}"#)
            #expect(patched.status == 200)
            #expect(patched.data["attributes"]?["flagged"]?.boolValue == true)
            #expect(patched.data["relationships"]?["flagger"]?["id"]?.stringValue == bobID)
            #expect(patched.data["attributes"]?["tags"]?.jsonText == #"["T1"]"#)
            for readOnly in [#""origin":"x""#, #""device_code":"x""#, #""sha":"x""#, #""created_at":"x""#, #""colour":1"#] {
                let reply = try await sim.request(
                    "PATCH", "/deployments/\(id)", token: alice,
                    json: #"{"data":{"type":"deployment","id":"\#(id)","attributes":{\#(readOnly)}}}"#)
                #expect(reply.status == 400, "\(readOnly)")
            }
            // Move the minimum so that only the flag protects `old`.
            let flagOld = try await sim.request(
                "PATCH", "/deployments/\(old)", token: alice,
                json: #"{"data":{"type":"deployment","id":"\#(old)","attributes":{"flagged":true}}}"#)
            #expect(flagOld.status == 200)
            _ = try await sim.request(
                "PUT", "/devicegroups/\(group)/relationships/min_supported_deployment", token: alice,
                json: #"{"data":{"type":"deployment","id":"\#(id)"}}"#)
            let refused = try await sim.request("DELETE", "/deployments/\(old)", token: alice)
            #expect(refused.status == 409)
            #expect(refused.errorTitle == "Resource Flagged")
            #expect(refused.errorDetail == "You cannot delete flagged deployments; set the flagged attribute to false and try again.")
            let unflag = try await sim.request(
                "PATCH", "/deployments/\(old)", token: alice,
                json: #"{"data":{"type":"deployment","id":"\#(old)","attributes":{"flagged":false}}}"#)
            #expect(unflag.data["relationships"]?["flagger"] == nil)
            #expect(try await sim.request("DELETE", "/deployments/\(old)", token: alice).status == 204)
        }
    }

    @Test("The minimum supported deployment and newer ones of a group cannot be deleted")
    func deploymentsInUseAreKept() async throws {
        try await TestSim.with { sim in
            let alice = try await sim.login()
            let product = try await sim.productID(alice, name: "P")
            let group = try await sim.groupID(alice, product: product, name: "G")
            let first = try await sim.deploy(alice, group: group, device: String(repeating: "// code\n", count: 50_000))
                .data["id"]?.stringValue ?? ""
            let second = try await sim.deploy(alice, group: group, device: "// two").data["id"]?.stringValue ?? ""
            for deployment in [first, second] {
                let refused = try await sim.request("DELETE", "/deployments/\(deployment)", token: alice)
                #expect(refused.status == 409)
                #expect(refused.errorTitle == "Deployment In Use")
            }
            _ = try await sim.request(
                "PUT", "/devicegroups/\(group)/relationships/min_supported_deployment", token: alice,
                json: #"{"data":{"type":"deployment","id":"\#(second)"}}"#)
            #expect(try await sim.request("DELETE", "/deployments/\(first)", token: alice).status == 204)
            #expect(try await sim.request("DELETE", "/deployments/\(second)", token: alice).status == 409)
        }
    }

    @Test("Every deployment filter")
    func filters() async throws {
        try await TestSim.with { sim in
            let alice = try await sim.login()
            let bob = try await sim.login("bob")
            let aliceID = try await sim.accountID(alice)
            let bobID = try await sim.accountID(bob)
            let p1 = try await sim.productID(alice, name: "P1")
            let p2 = try await sim.productID(alice, name: "P2")
            let g1 = try await sim.groupID(alice, product: p1, name: "G1")
            let g2 = try await sim.groupID(alice, product: p2, name: "G2")
            let a = try await sim.deploy(alice, group: g1, device: "a", extra: #""tags":["RC","X"]"#).data
            _ = try await sim.deploy(bob, group: g1, device: "b", extra: #""tags":["RC"],"flagged":true"#).data
            _ = try await sim.deploy(alice, group: g2, device: "a").data
            let sha = a["attributes"]?["sha"]?.stringValue ?? ""
            func count(_ query: String) async throws -> Int {
                let reply = try await sim.get("/deployments?\(query)", token: alice)
                #expect(reply.status == 200, "\(query): \(reply.text)")
                return reply.data.count
            }
            #expect(try await count("") == 3)
            #expect(try await count("filter[owner.id]=\(aliceID)") == 3)
            #expect(try await count("filter[creator.id]=\(bobID)") == 1)
            #expect(try await count("filter[product.id]=\(p1)") == 2)
            #expect(try await count("filter[devicegroup.id]=\(g2)") == 1)
            #expect(try await count("filter[sha]=\(sha)") == 2)
            #expect(try await count("filter[flagged]=true") == 1)
            #expect(try await count("filter[flagged]=false") == 2)
            #expect(try await count("filter[flagged]=any") == 3)
            #expect(try await count("filter[flagger.id]=\(bobID)") == 1)
            #expect(try await count("filter[tags]=RC") == 2)
            #expect(try await count("filter[tags]=RC,X") == 1)
            #expect(try await count("filter%5Btags%5D=X&filter%5Bdevicegroup.id%5D=\(g1)") == 1)
            #expect(try await sim.get("/deployments?filter[flagged]=maybe", token: alice).status == 400)
            #expect(try await sim.get("/deployments?filter[colour]=red", token: alice).status == 400)
            // Unrelated accounts see nothing.
            let dave = try await sim.login("dave")
            #expect(try await sim.get("/deployments", token: dave).data.count == 0)
        }
    }
}
