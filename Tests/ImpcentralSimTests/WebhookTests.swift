import Foundation
import ImptTestHTTPServer
import Testing
@testable import ImpcentralSim

@Suite("Webhooks")
struct WebhookTests {
    static func createHook(
        _ sim: TestSim, _ token: String, group: String, groupType: String = "development_devicegroup", url: String,
        event: String = "deployment", contentType: String = "application/json"
    ) async throws -> TestSim.Reply {
        try await sim.request(
            "POST", "/webhooks", token: token,
            json: #"{"data":{"type":"webhook","attributes":{"url":"\#(url)","event":"\#(event)","content_type":"\#(contentType)"},"relationships":{"devicegroup":{"type":"\#(groupType)","id":"\#(group)"}}}}"#)
    }

    @Test("CRUD, validation and filter")
    func crud() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let group = try await sim.groupID(token, product: product, name: "G")
            let other = try await sim.groupID(token, product: product, name: "O")
            let created = try await Self.createHook(sim, token, group: group, url: "http://127.0.0.1:9/hook")
            #expect(created.status == 201)
            #expect(created.data["attributes"]?.keys == ["url", "event", "content_type", "created_at", "updated_at"])
            #expect(created.data["relationships"]?.keys == ["devicegroup", "product", "owner", "creator"])
            #expect(created.data["relationships"]?["devicegroup"]?["type"]?.stringValue == "development_devicegroup")
            let id = created.data["id"]?.stringValue ?? ""
            let invalid = try await Self.createHook(sim, token, group: group, url: "ftp://example.com/x")
            #expect(invalid.status == 400)
            #expect(invalid.errorTitle == "Invalid URL")
            #expect(invalid.errorDetail == "The provided URL is invalid.")
            #expect(try await Self.createHook(sim, token, group: group, url: "not a url").status == 400)
            #expect(try await Self.createHook(sim, token, group: group, url: "http://x", event: "reboot").status == 400)
            #expect(try await Self.createHook(sim, token, group: group, url: "http://x", contentType: "text/plain").status == 400)
            _ = try await Self.createHook(sim, token, group: other, url: "https://example.com/x", event: "blinkup")
            #expect(try await sim.get("/webhooks", token: token).data.count == 2)
            #expect(try await sim.get("/webhooks?filter[devicegroup.id]=\(group)", token: token).data.count == 1)
            let patched = try await sim.request(
                "PATCH", "/webhooks/\(id)", token: token,
                json: #"{"data":{"type":"webhook","id":"\#(id)","attributes":{"url":"http://127.0.0.1:10/x","content_type":"application/x-www-form-urlencoded"}}}"#)
            #expect(patched.status == 200)
            #expect(patched.data["attributes"]?["content_type"]?.stringValue == "application/x-www-form-urlencoded")
            let eventChange = try await sim.request(
                "PATCH", "/webhooks/\(id)", token: token,
                json: #"{"data":{"type":"webhook","id":"\#(id)","attributes":{"event":"blinkup"}}}"#)
            #expect(eventChange.status == 400)
            let badURL = try await sim.request(
                "PATCH", "/webhooks/\(id)", token: token,
                json: #"{"data":{"type":"webhook","id":"\#(id)","attributes":{"url":"mailto:x"}}}"#)
            #expect(badURL.errorTitle == "Invalid URL")
            #expect(try await sim.request("DELETE", "/webhooks/\(id)", token: token).status == 204)
            #expect(try await sim.get("/webhooks/\(id)", token: token).status == 404)
        }
    }

    @Test("Deployment events are POSTed to a loopback receiver as JSON and urlencoded")
    func deliveryToReceiver() async throws {
        let receiver = try ScriptedHTTPServer()
        defer { receiver.stop() }
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let group = try await sim.groupID(token, product: product, name: "G")
            let json = try await Self.createHook(sim, token, group: group, url: receiver.url)
            let form = try await Self.createHook(
                sim, token, group: group, url: receiver.url + "?form=1", contentType: "application/x-www-form-urlencoded")
            #expect(json.status == 201 && form.status == 201)
            let deployment = try await sim.deploy(token, group: group, device: "d", extra: #""tags":["A","B"]"#)
            let deploymentID = deployment.data["id"]?.stringValue ?? ""
            #expect(try await sim.eventually { receiver.requests.count == 2 })
            let jsonRequest = receiver.requests.first { $0.path == "/hook" }
            #expect(jsonRequest?.method == "POST")
            #expect(jsonRequest?.header("content-type") == "application/json")
            let payload = try JSONParser.parse(jsonRequest?.body ?? "")
            #expect(payload["event"]?.stringValue == "deployment")
            #expect(payload["deployment_id"]?.stringValue == deploymentID)
            #expect(payload["devicegroup_id"]?.stringValue == group)
            #expect(payload["tags"]?.jsonText == #"["A","B"]"#)
            let formRequest = receiver.requests.first { $0.path == "/hook?form=1" }
            #expect(formRequest?.header("content-type") == "application/x-www-form-urlencoded")
            #expect(formRequest?.body.contains("event=deployment") == true)
            #expect(formRequest?.body.contains("deployment_id=\(deploymentID)") == true)
            #expect(formRequest?.body.contains("tags=A%2CB") == true)
            // Deliveries are recorded.
            let hookID = json.data["id"]?.stringValue ?? ""
            #expect(try await sim.eventually {
                try await sim.request("GET", "/_sim/webhooks/\(hookID)/deliveries").data.count == 1
            })
            let record = try await sim.request("GET", "/_sim/webhooks/\(hookID)/deliveries").data[0]
            #expect(record?["status"]?.intValue == 200)
            #expect(record?["success"]?.boolValue == true)
        }
    }

    @Test("A slow webhook target does not hold up the API")
    func slowTargetDoesNotBlock() async throws {
        let slow = try ScriptedHTTPServer(status: 200, holdingReplies: true)
        defer { slow.stop() }
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let group = try await sim.groupID(token, product: product, name: "G")
            let hook = try await Self.createHook(sim, token, group: group, url: slow.url)
            // The deployment is answered while the target is still holding its reply ...
            #expect(try await sim.deploy(token, group: group).status == 201)
            #expect(try await sim.eventually { slow.requests.count == 1 })
            let id = hook.data["id"]?.stringValue ?? ""
            #expect(try await sim.request("GET", "/_sim/webhooks/\(id)/deliveries").data.count == 0)
            // ... and the delivery completes, successfully, once the target answers.
            slow.releaseReplies()
            let delivered = try await sim.eventually {
                try await sim.request("GET", "/_sim/webhooks/\(id)/deliveries").data[0]?["success"]?.boolValue == true
            }
            #expect(delivered)
        }
    }

    @Test("Failures are recorded without blocking the API: refused port, non-loopback host, error status")
    func failures() async throws {
        let failing = try ScriptedHTTPServer(status: 500)
        defer { failing.stop() }
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let group = try await sim.groupID(token, product: product, name: "G")
            // A port nothing listens on: bind one, then release it.
            let closedPort = try ScriptedHTTPServer()
            let deadURL = "http://127.0.0.1:\(closedPort.port)/gone"
            closedPort.stop()
            let refused = try await Self.createHook(sim, token, group: group, url: deadURL)
            let remote = try await Self.createHook(sim, token, group: group, url: "http://example.com/hook")
            let erroring = try await Self.createHook(sim, token, group: group, url: failing.url)
            #expect(try await sim.deploy(token, group: group).status == 201)
            for (hook, check) in [
                (refused, { (r: JSONValue) in r["status"]?.isNull == true && (r["error"]?.stringValue ?? "").contains("connect") }),
                (remote, { (r: JSONValue) in (r["error"]?.stringValue ?? "").contains("not a loopback address") }),
                (erroring, { (r: JSONValue) in r["status"]?.intValue == 500 && r["success"]?.boolValue == false }),
            ] {
                let id = hook.data["id"]?.stringValue ?? ""
                let recorded = try await sim.eventually {
                    try await sim.request("GET", "/_sim/webhooks/\(id)/deliveries").data.count == 1
                }
                #expect(recorded)
                let record = try await sim.request("GET", "/_sim/webhooks/\(id)/deliveries").data[0] ?? .null
                #expect(check(record), "\(record.jsonText)")
            }
        }
    }

    @Test("A redirect is not followed, a long answer is cut short and a silent target times out")
    func answersThatAreNotFollowed() async throws {
        let redirecting = try ScriptedHTTPServer { _, connection in
            connection.reply(307, "", headers: ["Location: http://127.0.0.2:1/elsewhere"])
        }
        let endless = try ScriptedHTTPServer { _, connection in
            guard connection.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n") else { return }
            let block = [UInt8](repeating: UInt8(ascii: "x"), count: 16_384)
            while connection.send(block) {}
        }
        let silent = try ScriptedHTTPServer { _, connection in connection.holdOpen() }
        defer {
            for server in [redirecting, endless, silent] { server.stop() }
        }
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let group = try await sim.groupID(token, product: product, name: "G")
            let hooks = [
                try await Self.createHook(sim, token, group: group, url: redirecting.url),
                try await Self.createHook(sim, token, group: group, url: endless.url),
                try await Self.createHook(sim, token, group: group, url: silent.url),
            ].map { $0.data["id"]?.stringValue ?? "" }
            let started = Date()
            #expect(try await sim.deploy(token, group: group).status == 201)
            var records: [JSONValue] = []
            for id in hooks {
                #expect(try await sim.eventually {
                    try await sim.request("GET", "/_sim/webhooks/\(id)/deliveries").data.count == 1
                })
                records.append(try await sim.request("GET", "/_sim/webhooks/\(id)/deliveries").data[0] ?? .null)
            }
            #expect(records[0]["status"]?.intValue == 307 && records[0]["error"]?.stringValue == "HTTP 307")
            #expect(redirecting.requests.count == 1)
            #expect(records[1]["status"]?.intValue == 200 && records[1]["success"]?.boolValue == true)
            #expect(records[2]["status"]?.isNull == true && records[2]["error"]?.stringValue == "timed out")
            // The silent target is given the simulator's 3 s, not much more.
            #expect(Date().timeIntervalSince(started) < 8)
        }
    }

    @Test("BlinkUp and blessing events; blessing moves a DUT into the production target")
    func blinkupAndBlessing() async throws {
        let receiver = try ScriptedHTTPServer()
        defer { receiver.stop() }
        try await TestSim.with { sim in
            let token = try await sim.login()
            let product = try await sim.productID(token, name: "P")
            let prod = try await sim.groupID(token, product: product, name: "Prod", type: "production_devicegroup")
            let dut = try await sim.groupID(token, product: product, name: "DUT", type: "dut_devicegroup")
            let factory = try await sim.createGroup(
                token, product: product, name: "Factory", type: "factoryfixture_devicegroup",
                production: (prod, "production_devicegroup"), dut: (dut, "dut_devicegroup"))
            #expect(factory.status == 201)
            let blinkup = try await Self.createHook(
                sim, token, group: prod, groupType: "production_devicegroup", url: receiver.url + "?e=blinkup",
                event: "blinkup")
            let blessing = try await Self.createHook(
                sim, token, group: prod, groupType: "production_devicegroup", url: receiver.url + "?e=blessing",
                event: "blessing")
            #expect(blinkup.status == 201 && blessing.status == 201)
            // BlinkUp the DUT into the DUT group: fires the production target's blinkup webhook.
            let up = try await sim.request(
                "POST", "/_sim/devices/00000000000000a2/blinkup", json: #"{"devicegroup":"\#(dut)"}"#)
            #expect(up.status == 200)
            #expect(up.data["relationships"]?["devicegroup"]?["id"]?.stringValue == dut)
            #expect(try await sim.eventually { receiver.requests.contains { $0.path == "/hook?e=blinkup" } })
            // Blessing a device outside a DUT group is refused.
            #expect(try await sim.request("POST", "/_sim/devices/00000000000000a1/bless").status == 409)
            let blessed = try await sim.request("POST", "/_sim/devices/00000000000000a2/bless", json: #"{"success":true}"#)
            #expect(blessed.status == 200)
            #expect(blessed.data["relationships"]?["devicegroup"]?["id"]?.stringValue == prod)
            #expect(blessed.data["relationships"]?["devicegroup"]?["type"]?.stringValue == "production_devicegroup")
            #expect(try await sim.eventually { receiver.requests.contains { $0.path == "/hook?e=blessing" } })
            let body = receiver.requests.first { $0.path == "/hook?e=blessing" }?.body ?? ""
            let payload = try JSONParser.parse(body)
            #expect(payload["event"]?.stringValue == "blessing")
            #expect(payload["device_id"]?.stringValue == "00000000000000a2")
            #expect(payload["success"]?.boolValue == true)
        }
    }
}
