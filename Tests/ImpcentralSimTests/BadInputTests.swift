import Foundation
import Testing
@testable import ImpcentralSim

@Suite("Bad input, concurrency and rate limiting")
struct BadInputTests {
    @Test("Malformed JSON is 400 with an error document", arguments: [
        "{", "{\"data\":", "not json", "{\"data\":{\"type\":\"product\",\"attributes\":{\"name\":\"x\",}}}",
        String(repeating: "[", count: 5000), "\u{FF}\u{FE}",
    ])
    func malformedJSON(body: String) async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let reply = try await sim.request("POST", "/products", token: token, rawBody: Array(body.utf8))
            #expect(reply.status == 400)
            #expect(reply.firstError["status"]?.stringValue == "400")
            #expect(reply.errorTitle != nil && reply.errorDetail != nil)
        }
    }

    @Test("U+0000 in a string, a key, the path or the query is 400; nothing is stored cut short")
    func nulCharacters() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            for name in [#"nul\u0000tail"#, #"\u0000"#] {
                let reply = try await sim.createProduct(token, name: name)
                #expect(reply.status == 400, "\(reply.text)")
                #expect(reply.errorDetail == "Strings must not contain the NUL character (U+0000).")
            }
            let key = try await sim.request(
                "POST", "/products", token: token,
                json: #"{"data":{"type":"product","attributes":{"name":"ok"},"meta":{"a\u0000b":1}}}"#)
            #expect(key.status == 400)
            #expect(try await sim.get("/products", token: token).data.arrayValue?.isEmpty == true, "nothing was created")
            // A product named like the cut string is unaffected, and an escaped backslash is no NUL.
            let plain = try await sim.productID(token, name: "nul")
            let patch = try await sim.request(
                "PATCH", "/products/\(plain)", token: token,
                json: #"{"data":{"type":"product","id":"\#(plain)","attributes":{"description":"x\u0000y"}}}"#)
            #expect(patch.status == 400)
            #expect(try await sim.get("/products/\(plain)", token: token).data["attributes"]?["description"]?.stringValue == "")
            let backslash = try await sim.createProduct(token, name: #"nul\\u0000tail"#)
            #expect(backslash.status == 201)
            #expect(backslash.data["attributes"]?["name"]?.stringValue == #"nul\u0000tail"#)
            #expect(try await sim.get("/products/\(plain)%00", token: token).status == 400)
            #expect(try await sim.get("/products?filter[owner.id]=me%00x", token: token).status == 400)
        }
    }

    @Test("Wrong content types are 415; both JSON types and charset parameters are accepted")
    func contentTypes() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let body = #"{"data":{"type":"product","attributes":{"name":"P"}}}"#
            for type in ["text/plain", "application/x-www-form-urlencoded", "application/xml"] {
                let reply = try await sim.request("POST", "/products", token: token, json: body, contentType: type)
                #expect(reply.status == 415, "\(type)")
                #expect(reply.errorTitle == "Unsupported Media Type")
            }
            let missing = try await sim.request("POST", "/products", token: token, json: body, contentType: nil)
            #expect(missing.status == 415)
            let vnd = try await sim.request("POST", "/products", token: token, json: body)
            #expect(vnd.status == 201)
            let plain = try await sim.request(
                "POST", "/products", token: token, json: #"{"data":{"type":"product","attributes":{"name":"Q"}}}"#,
                contentType: "application/json; charset=utf-8")
            #expect(plain.status == 201)
            // Bodiless requests need no content type, and any given one is ignored.
            let restartGroup = try await sim.request(
                "GET", "/products", token: token, headers: [("Content-Type", "application/vnd.api+json")])
            #expect(restartGroup.status == 200)
            let auth = try await sim.request(
                "POST", "/auth", json: #"{"id":"alice","password":"alice-pw"}"#, contentType: "text/plain")
            #expect(auth.status == 415)
        }
    }

    @Test("Oversized bodies are 413")
    func oversized() async throws {
        try await TestSim.with(configure: { $0.maxBodyBytes = 4096 }) { sim in
            let token = try await sim.login()
            let big = #"{"data":{"type":"product","attributes":{"name":"x","description":"\#(String(repeating: "d", count: 5000))"}}}"#
            let reply = try await sim.request("POST", "/products", token: token, json: big)
            #expect(reply.status == 413)
            #expect(reply.errorTitle == "Payload Too Large")
            #expect(try await sim.get("/products", token: token).data.count == 0)
        }
    }

    @Test("Unknown routes and methods")
    func routes() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            #expect(try await sim.get("/nothing", token: token).status == 404)
            // "/" is the web console's: its login page, after a redirect.
            #expect(try await sim.request("GET", "/").status == 200)
            #expect(try await sim.request("PUT", "/products", token: token).status == 405)
            #expect(try await sim.request("DELETE", "/accounts/me", token: token).status == 405)
            #expect(try await sim.request("GET", "/_sim/nothing").status == 404)
            #expect(try await sim.request("GET", "/_sim/health").json["status"]?.stringValue == "ok")
        }
    }

    @Test("50 parallel creates with the same name: exactly one 201, the rest 409")
    func concurrentCreates() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<50 {
                    group.addTask { try await sim.createProduct(token, name: "Racy").status }
                }
                var all: [Int] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(statuses.filter { $0 == 201 }.count == 1)
            #expect(statuses.filter { $0 == 409 }.count == 49)
            #expect(try await sim.get("/products", token: token).data.count == 1)
        }
    }

    @Test("Concurrent writes of different resources all succeed and are all listed")
    func concurrentDistinct() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let group = try await sim.groupID(token, product: product, name: "G")
            let statuses = try await withThrowingTaskGroup(of: Int.self) { tasks in
                for i in 0..<40 {
                    tasks.addTask { try await sim.deploy(token, group: group, device: "v\(i)").status }
                }
                var all: [Int] = []
                for try await status in tasks { all.append(status) }
                return all
            }
            #expect(statuses.allSatisfy { $0 == 201 })
            let listed = try await sim.get("/deployments?page[size]=100", token: token)
            #expect(listed.data.count == 40)
            let stamps = listed.data.arrayValue?.compactMap { $0["attributes"]?["created_at"]?.stringValue } ?? []
            #expect(Set(stamps).count == 40)
            #expect(stamps == stamps.sorted())
        }
    }

    @Test("Rate limiting: headers and 429 over the per-account limit")
    func rateLimit() async throws {
        try await TestSim.with(configure: { $0.rateLimit = 5 }) { sim in
            let token = try await sim.login()
            // Bursts of concurrent requests until the one-second window is used up (bounded in count).
            var limited: TestSim.Reply?
            for _ in 0..<10 where limited == nil {
                let replies = try await withThrowingTaskGroup(of: TestSim.Reply.self) { group in
                    for _ in 0..<8 { group.addTask { try await sim.get("/accounts/me", token: token) } }
                    var all: [TestSim.Reply] = []
                    for try await reply in group { all.append(reply) }
                    return all
                }
                for reply in replies {
                    #expect(reply.header("x-ratelimit-limit") == "5")
                    #expect(reply.header("x-ratelimit-reset") == "1")
                    #expect([200, 429].contains(reply.status))
                }
                limited = replies.first { $0.status == 429 }
            }
            #expect(limited != nil)
            #expect(limited?.errorTitle == "Too Many Requests")
            #expect(limited?.firstError["status"]?.stringValue == "429")
            #expect(limited?.header("x-ratelimit-remaining") == "0")
            sim.server.clock.advance(milliseconds: 1_000)  // the next one-second window
            #expect(try await sim.get("/accounts/me", token: token).status == 200)
            // Another account has its own budget.
            let bob = try await sim.login("bob")
            #expect(try await sim.get("/accounts/me", token: bob).status == 200)
        }
    }

    @Test("No rate-limit headers without --rate-limit")
    func noRateLimit() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let reply = try await sim.get("/accounts/me", token: token)
            #expect(reply.header("x-ratelimit-limit") == nil)
        }
    }

    @Test("Admin device creation validates input and refuses duplicates")
    func adminDevices() async throws {
        try await TestSim.with { sim in
            let created = try await sim.request(
                "POST", "/_sim/devices",
                json: #"{"account":"alice","name":"new","mac_address":"0c:2a:69:aa:bb:cc","imp_type":"imp006","online":false}"#)
            #expect(created.status == 201)
            #expect(created.data["attributes"]?["imp_type"]?.stringValue == "imp006")
            #expect(created.data["attributes"]?["device_online"]?.boolValue == false)
            let duplicate = try await sim.request(
                "POST", "/_sim/devices", json: #"{"account":"alice","mac_address":"0c:2a:69:aa:bb:cc"}"#)
            #expect(duplicate.status == 409)
            let badMAC = try await sim.request("POST", "/_sim/devices", json: #"{"account":"alice","mac_address":"zz"}"#)
            #expect(badMAC.status == 400)
            let noAccount = try await sim.request("POST", "/_sim/devices", json: #"{"account":"nobody"}"#)
            #expect(noAccount.status == 404)
            let token = try await sim.login()
            #expect(try await sim.get("/devices/0c:2a:69:aa:bb:cc", token: token).status == 200)
        }
    }
}
