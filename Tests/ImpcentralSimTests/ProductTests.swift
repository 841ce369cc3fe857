import Testing
@testable import ImpcentralSim

@Suite("Accounts and products")
struct ProductTests {
    @Test("Accounts: me, list with collaborated owners, visibility")
    func accounts() async throws {
        try await TestSim.with { sim in
            let alice = try await sim.login()
            let bob = try await sim.login("bob")
            let me = try await sim.get("/accounts/me", token: alice)
            #expect(me.status == 200)
            #expect(me.header("content-type") == "application/vnd.api+json")
            #expect(me.data["type"]?.stringValue == "account")
            #expect(me.data["attributes"]?.keys == ["username", "email"])
            #expect(me.data["relationships"]?.keys == [])
            let aliceID = me.data["id"]?.stringValue ?? ""
            #expect(Identifiers.isResourceID(aliceID))
            // bob sees bob and alice.
            let list = try await sim.get("/accounts", token: bob)
            #expect(list.data.arrayValue?.compactMap { $0["attributes"]?["username"]?.stringValue } == ["bob", "alice"])
            #expect(list.json["links"]?.keys == ["self", "first"])
            // alice sees only herself, but can read bob (a collaborator on her account).
            #expect(try await sim.get("/accounts", token: alice).data.count == 1)
            let bobID = try await sim.accountID(bob)
            #expect(try await sim.get("/accounts/\(bobID)", token: alice).status == 200)
            // dave is unrelated.
            let dave = try await sim.login("dave")
            #expect(try await sim.get("/accounts/\(aliceID)", token: dave).status == 404)
            #expect(try await sim.get("/accounts/not-an-id", token: dave).status == 404)
        }
    }

    @Test("Product create, read, update, delete")
    func crud() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let aliceID = try await sim.accountID(token)
            let created = try await sim.createProduct(token, name: "TestProduct", description: "My test product")
            #expect(created.status == 201)
            let p = created.data
            #expect(p["type"]?.stringValue == "product")
            #expect(p["attributes"]?.keys == ["name", "description", "created_at", "updated_at"])
            #expect(p["relationships"]?.keys == ["owner", "creator"])
            #expect(p["relationships"]?["owner"]?["id"]?.stringValue == aliceID)
            #expect(p["relationships"]?["owner"]?.keys == ["type", "id"])
            let id = p["id"]?.stringValue ?? ""
            #expect(p["links"]?["self"]?.stringValue == sim.base + "/products/" + id)
            // Description defaults to "".
            let plain = try await sim.createProduct(token, name: "Plain")
            #expect(plain.data["attributes"]?["description"]?.stringValue == "")
            // Read.
            let read = try await sim.get("/products/\(id)", token: token)
            #expect(read.status == 200)
            #expect(read.data["attributes"]?["name"]?.stringValue == "TestProduct")
            // Update.
            let updated = try await sim.request(
                "PATCH", "/products/\(id)", token: token,
                json: #"{"data":{"type":"product","id":"\#(id)","attributes":{"name":"Renamed"}}}"#)
            #expect(updated.status == 200)
            #expect(updated.data["attributes"]?["name"]?.stringValue == "Renamed")
            #expect(updated.data["attributes"]?["description"]?.stringValue == "My test product")
            // Empty attributes are a no-op.
            let noop = try await sim.request(
                "PATCH", "/products/\(id)", token: token, json: #"{"data":{"type":"product","id":"\#(id)","attributes":{}}}"#)
            #expect(noop.status == 200)
            // Delete.
            #expect(try await sim.request("DELETE", "/products/\(id)", token: token).status == 204)
            #expect(try await sim.get("/products/\(id)", token: token).status == 404)
            #expect(try await sim.request("DELETE", "/products/\(id)", token: token).status == 404)
        }
    }

    @Test("Duplicate product names are refused per owner")
    func duplicates() async throws {
        try await TestSim.with { sim in
            let alice = try await sim.login()
            let dave = try await sim.login("dave")
            #expect(try await sim.createProduct(alice, name: "Same").status == 201)
            let dup = try await sim.createProduct(alice, name: "Same")
            #expect(dup.status == 409)
            #expect(dup.errorTitle == "Duplicate Resource")
            #expect(dup.errorDetail == "Products must have unique names.")
            #expect(dup.firstError["status"]?.stringValue == "409")
            // Another owner may use the name.
            #expect(try await sim.createProduct(dave, name: "Same").status == 201)
            // Renaming onto an existing name is refused too.
            let other = try await sim.productID(alice, name: "Other")
            let rename = try await sim.request(
                "PATCH", "/products/\(other)", token: alice,
                json: #"{"data":{"type":"product","id":"\#(other)","attributes":{"name":"Same"}}}"#)
            #expect(rename.status == 409)
        }
    }

    @Test("Unknown or malformed product ids are 404", arguments: [
        "94a2b60b-a4d4-5e5f-e43b-bc0486a0efee", "TestProduct", "0c:2a:69:00:00:01", "%20", "x" + String(repeating: "y", count: 300),
    ])
    func notFound(id: String) async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let reply = try await sim.get("/products/\(id)", token: token)
            #expect(reply.status == 404)
            #expect(reply.errorTitle == "Resource Not Found")
        }
    }

    @Test("Pagination: links.next only while another page exists; page size limits")
    func pagination() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            for i in 0..<5 { try await sim.createProduct(token, name: "P\(i)") }
            let page1 = try await sim.get("/products?page[number]=1&page[size]=2", token: token)
            #expect(page1.data.count == 2)
            #expect(page1.json["links"]?["next"]?.stringValue == sim.base + "/products?page[number]=2&page[size]=2")
            #expect(page1.json["links"]?["first"]?.stringValue == sim.base + "/products?page[number]=1&page[size]=2")
            let page3 = try await sim.get("/products?page%5Bnumber%5D=3&page%5Bsize%5D=2", token: token)
            #expect(page3.data.count == 1)
            #expect(page3.json["links"]?.keys == ["self", "first"])
            let exact = try await sim.get("/products?page[size]=5", token: token)
            #expect(exact.data.count == 5)
            #expect(exact.json["links"]?["next"] == nil)
            let beyond = try await sim.get("/products?page[number]=9&page[size]=5", token: token)
            #expect(beyond.status == 200 && beyond.data.count == 0)
            // Default page size 20, order = creation order.
            let all = try await sim.get("/products", token: token)
            #expect(all.data.arrayValue?.compactMap { $0["attributes"]?["name"]?.stringValue } == ["P0", "P1", "P2", "P3", "P4"])
            for bad in ["page[size]=0", "page[size]=101", "page[number]=0", "page[number]=x", "page[size]=-1"] {
                let reply = try await sim.get("/products?\(bad)", token: token)
                #expect(reply.status == 400, "\(bad)")
            }
            #expect(try await sim.get("/products?page[size]=100", token: token).status == 200)
        }
    }

    @Test("Collaborators work in the owner's products; owner filter; foreign owners refused")
    func collaborators() async throws {
        try await TestSim.with { sim in
            let alice = try await sim.login()
            let bob = try await sim.login("bob")
            let dave = try await sim.login("dave")
            let aliceID = try await sim.accountID(alice)
            let bobID = try await sim.accountID(bob)
            let daveID = try await sim.accountID(dave)
            let forAlice = try await sim.createProduct(bob, name: "ForAlice", owner: aliceID)
            #expect(forAlice.status == 201)
            #expect(forAlice.data["relationships"]?["owner"]?["id"]?.stringValue == aliceID)
            #expect(forAlice.data["relationships"]?["creator"]?["id"]?.stringValue == bobID)
            try await sim.createProduct(bob, name: "BobOwn")
            // alice sees her product; bob sees both; filter by owner.
            #expect(try await sim.get("/products", token: alice).data.count == 1)
            #expect(try await sim.get("/products", token: bob).data.count == 2)
            let filtered = try await sim.get("/products?filter[owner.id]=\(aliceID)", token: bob)
            #expect(filtered.data.count == 1)
            #expect(try await sim.get("/products?filter%5Bowner.id%5D=\(bobID)", token: bob).data.count == 1)
            // Owner that is neither self nor collaborated.
            let foreign = try await sim.createProduct(bob, name: "Nope", owner: daveID)
            #expect(foreign.status == 403)
            #expect(foreign.errorTitle == "Invalid Permission")
            // dave cannot see alice's product.
            let id = forAlice.data["id"]?.stringValue ?? ""
            #expect(try await sim.get("/products/\(id)", token: dave).status == 404)
            // Unknown filter.
            #expect(try await sim.get("/products?filter[name]=x", token: bob).status == 400)
        }
    }

    @Test("Product validation: name required, unknown and read-only attributes")
    func validation() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let cases: [(String, Int)] = [
                (#"{"data":{"type":"product","attributes":{}}}"#, 400),
                (#"{"data":{"type":"product","attributes":{"name":""}}}"#, 400),
                (#"{"data":{"type":"product","attributes":{"name":5}}}"#, 400),
                (#"{"data":{"type":"product","attributes":{"name":"x","colour":"red"}}}"#, 400),
                (#"{"data":{"type":"product","attributes":{"name":"x","created_at":"2018-01-01T00:00:00.000Z"}}}"#, 400),
                (#"{"data":{"type":"devicegroup","attributes":{"name":"x"}}}"#, 400),
                (#"{"data":[]}"#, 400),
                (#"{"product":{"name":"x"}}"#, 400),
                (#"[1,2]"#, 400),
                (#"{"data":{"type":"product","attributes":{"name":"\#(String(repeating: "n", count: 81))"}}}"#, 400),
            ]
            for (body, status) in cases {
                let reply = try await sim.request("POST", "/products", token: token, json: body)
                #expect(reply.status == status, "\(body): \(reply.text)")
                #expect(reply.firstError["status"]?.stringValue == String(status))
            }
            // Nothing was half-written.
            #expect(try await sim.get("/products", token: token).data.count == 0)
        }
    }

    @Test("Deleting a product with device groups is refused")
    func dependentGroups() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            _ = try await sim.groupID(token, product: product, name: "G")
            let reply = try await sim.request("DELETE", "/products/\(product)", token: token)
            #expect(reply.status == 409)
            #expect(reply.errorTitle == "Dependent Devicegroups Exist")
            #expect(reply.errorDetail == "Cannot delete a product with associated devicegroups.")
        }
    }
}
