import Foundation
import Testing
@testable import ImpcentralSim

@Suite("Web console")
struct ConsoleTests {
    @Test("Pages need a login; the session cookie is HttpOnly and SameSite=Strict")
    func loginRequired() async throws {
        try await TestSim.with { sim in
            let browser = ConsoleBrowser(port: sim.port)
            let start = try await browser.get("/")
            #expect(start.status == 303)
            #expect(start.header("location") == "/console/login")
            #expect(try await browser.get("/console/devices/00000000000000a1").status == 303)
            #expect(try await browser.get("/console/changes").status == 401)

            let form = try await browser.get("/console/login")
            #expect(form.status == 200)
            #expect(form.header("set-cookie")?.contains("HttpOnly") == true)
            #expect(form.header("set-cookie")?.contains("SameSite=Strict") == true)
            #expect(form.header("content-security-policy")?.contains("script-src 'self'") == true)
            let anonymous = browser.cookie

            let wrong = try await browser.post(
                "/console/login", [("csrf", ConsoleBrowser.csrf(in: form) ?? ""), ("user", "alice"), ("password", "nope")])
            #expect(wrong.status == 401)
            #expect(wrong.text.contains("The username/email or password is incorrect") || wrong.text.contains("incorrect"))
            #expect(try await browser.get("/").status == 303)

            let right = try await browser.logIn("alice", "alice-pw")
            #expect(right.status == 303)
            #expect(right.header("location") == "/")
            #expect(right.header("set-cookie")?.contains("HttpOnly; SameSite=Strict") == true)
            #expect(browser.cookie != anonymous, "logging in starts a new session id")
            let products = try await browser.get("/")
            #expect(products.status == 200)
            #expect(products.text.contains(">alice<"))

            let csrf = try await browser.sessionCSRF()
            #expect(try await browser.post("/console/logout", [("csrf", csrf)]).status == 303)
            #expect(try await browser.get("/").status == 303)
        }
    }

    @Test("Two-factor accounts need the one-time password")
    func twoFactor() async throws {
        try await TestSim.with { sim in
            let browser = ConsoleBrowser(port: sim.port)
            let withoutOTP = try await browser.logIn("carol", "carol-pw")
            #expect(withoutOTP.status == 401)
            let withOTP = try await browser.logIn("carol", "carol-pw", otp: "123456")
            #expect(withOTP.status == 303)
            let start = try await browser.get("/")
            #expect(start.status == 200)
        }
    }

    @Test("Server data is escaped in every page")
    func escaping() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let evil = "<script>alert(\\\"x\\\")</script>"
            let product = try await sim.productID(token, name: evil)
            let group = try await sim.groupID(token, product: product, name: "<img src=x onerror=alert(1)>")
            #expect(try await sim.deploy(token, group: group, device: "// </pre><script>alert(2)</script>").status == 201)
            _ = try await sim.request("PATCH", "/_sim/devices/00000000000000a1", json: #"{"name":"<b>dev</b>"}"#)
            let browser = ConsoleBrowser(port: sim.port)
            try await browser.logIn("alice", "alice-pw")
            let pages = [
                "/", "/console/products/\(product)", "/console/devicegroups/\(group)", "/console/devices",
                "/console/devices/00000000000000a1",
            ]
            for path in pages {
                let page = try await browser.get(path)
                #expect(page.status == 200, "\(path)")
                #expect(!page.text.contains("<script>alert"), "\(path) shows a script")
                #expect(!page.text.contains("<img src=x"), "\(path) shows an image tag")
                #expect(!page.text.contains("<b>dev</b>"), "\(path) shows markup")
            }
            #expect(try await browser.get("/").text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
            let deploymentID = try await sim.get("/devicegroups/\(group)", token: token)
                .data["relationships"]?["current_deployment"]?["id"]?.stringValue ?? ""
            let deployment = try await browser.get("/console/deployments/\(deploymentID)")
            #expect(deployment.status == 200)
            #expect(deployment.text.contains("// &lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;"))
        }
    }

    @Test("A form post without the session's CSRF token is refused")
    func csrf() async throws {
        try await TestSim.with { sim in
            let browser = ConsoleBrowser(port: sim.port)
            try await browser.logIn("alice", "alice-pw")
            let token = try await browser.sessionCSRF()
            let path = "/console/devices/00000000000000a1/logs"
            #expect(try await browser.post(path, [("msg", "no token")]).status == 403)
            #expect(try await browser.post(path, [("csrf", String(repeating: "0", count: 64)), ("msg", "bad")]).status == 403)
            #expect(try await browser.post("/console/logstreams/drop", []).status == 403)
            #expect(try await browser.post("/console/logout", []).status == 403)
            let done = try await browser.post(path, [("csrf", token), ("msg", "with token"), ("type", "server.log")])
            #expect(done.status == 303)
            #expect(done.header("location") == "/console/devices/00000000000000a1")
            let api = try await sim.login()
            let logs = try await sim.get("/devices/00000000000000a1/logs", token: api)
            let messages = logs.data.arrayValue?.compactMap { $0["attributes"]?["msg"]?.stringValue ?? $0["msg"]?.stringValue } ?? []
            #expect(messages.contains("with token"))
            #expect(!messages.contains("no token"))
            #expect(!messages.contains("bad"))
            // The login form is protected the same way.
            let other = ConsoleBrowser(port: sim.port)
            _ = try await other.get("/console/login")
            #expect(try await other.post("/console/login", [("user", "alice"), ("password", "alice-pw")]).status == 403)
        }
    }

    @Test("Actions run the admin code: online, log lines, the log poll")
    func actions() async throws {
        try await TestSim.with { sim in
            let browser = ConsoleBrowser(port: sim.port)
            try await browser.logIn("alice", "alice-pw")
            let token = try await browser.sessionCSRF()
            let device = "/console/devices/00000000000000a2"
            #expect(try await browser.post(device + "/online", [("csrf", token), ("online", "false")]).status == 303)
            let api = try await sim.login()
            #expect(try await sim.get("/devices/00000000000000a2", token: api).data["attributes"]?["device_online"]?.boolValue == false)
            let page = try await browser.get(device)
            #expect(page.text.contains("id=\"go-online\""))

            #expect(try await browser.post(device + "/logs", [("csrf", token), ("msg", "hello <console>")]).status == 303)
            let first = try await browser.get(device + "/logs?after=0")
            #expect(first.json["entries"]?.arrayValue?.last?["msg"]?.stringValue == "hello <console>")
            let after = first.json["after"]?.intValue ?? -1
            #expect(after > 0)
            #expect(try await browser.post(device + "/logs", [("csrf", token), ("msg", "second"), ("type", "server.error")]).status == 303)
            let next = try await browser.get(device + "/logs?after=\(after)")
            #expect(next.json["entries"]?.arrayValue?.map { $0["msg"]?.stringValue ?? "" } == ["second"])
            #expect(next.json["entries"]?[0]?["type"]?.stringValue == "server.error")
            #expect(try await browser.post(device + "/logs", [("csrf", token), ("msg", "x"), ("type", "bogus")]).status == 400)
            #expect(try await browser.post(device + "/online", [("csrf", token), ("online", "maybe")]).status == 400)
            #expect(try await browser.post(device + "/bless", [("csrf", token), ("success", "true")]).status == 409)
        }
    }

    @Test("Bless from the console moves a device under test into production, whose log it then hides")
    func bless() async throws {
        try await TestSim.with { sim in
            let api = try await sim.login()
            let product = try await sim.productID(api, name: "Line")
            let production = try await sim.groupID(api, product: product, name: "Prod", type: "production_devicegroup")
            let dut = try await sim.groupID(api, product: product, name: "DUT", type: "dut_devicegroup")
            let fixture = try await sim.createGroup(
                api, product: product, name: "Fixture", type: "factoryfixture_devicegroup",
                production: (production, "production_devicegroup"), dut: (dut, "dut_devicegroup"))
            #expect(fixture.status == 201)
            let browser = ConsoleBrowser(port: sim.port)
            try await browser.logIn("alice", "alice-pw")
            let csrf = try await browser.sessionCSRF()
            let device = "/console/devices/00000000000000a1"
            #expect(try await browser.post(device + "/blinkup", [("csrf", csrf), ("devicegroup", dut)]).status == 303)
            let dutPage = try await browser.get(device)
            #expect(dutPage.text.contains("id=\"bless\""))
            #expect(dutPage.text.contains("dut_devicegroup"))
            #expect(try await browser.post(device + "/bless", [("csrf", csrf), ("success", "true")]).status == 303)
            let seen = try await sim.get("/devices/00000000000000a1", token: api)
            #expect(seen.data["relationships"]?["devicegroup"]?["id"]?.stringValue == production)
            let productionPage = try await browser.get(device)
            #expect(productionPage.text.contains("id=\"no-log\""))
            #expect(!productionPage.text.contains("id=\"bless\""))
            #expect(try await browser.get(device + "/logs?after=0").status == 403)
            // A group of another account is no BlinkUp target.
            let dave = try await sim.login("dave")
            let daveProduct = try await sim.productID(dave, name: "Dave's")
            let daveGroup = try await sim.groupID(dave, product: daveProduct, name: "DG")
            #expect(try await browser.post(device + "/blinkup", [("csrf", csrf), ("devicegroup", daveGroup)]).status == 404)
        }
    }

    @Test("An account sees and acts on its own data only")
    func isolation() async throws {
        try await TestSim.with { sim in
            let alice = try await sim.login()
            let product = try await sim.productID(alice, name: "AliceOnly")
            let group = try await sim.groupID(alice, product: product, name: "AliceGroup")
            let browser = ConsoleBrowser(port: sim.port)
            try await browser.logIn("dave", "dave-pw")
            let token = try await browser.sessionCSRF()
            #expect(!(try await browser.get("/").text.contains("AliceOnly")))
            #expect(!(try await browser.get("/console/devices").text.contains("a-dev-1")))
            #expect(try await browser.get("/console/products/\(product)").status == 404)
            #expect(try await browser.get("/console/devicegroups/\(group)").status == 404)
            #expect(try await browser.get("/console/devices/00000000000000a1").status == 404)
            #expect(try await browser.get("/console/devices/00000000000000a1/logs?after=0").status == 404)
            let post = try await browser.post(
                "/console/devices/00000000000000a1/online", [("csrf", token), ("online", "false")])
            #expect(post.status == 404)
            #expect(try await sim.get("/devices/00000000000000a1", token: alice).data["attributes"]?["device_online"]?.boolValue == true)
            // Bob collaborates on alice's account, as in the API.
            let bob = ConsoleBrowser(port: sim.port)
            try await bob.logIn("bob", "bob-pw")
            #expect(try await bob.get("/").text.contains("AliceOnly"))
        }
    }

    @Test("Off loopback the admin endpoints need a bearer token or a console session")
    func adminAuthOffLoopback() async throws {
        try await TestSim.with(configure: { $0.host = "0.0.0.0" }) { sim in
            #expect(try await sim.request("GET", "/_sim/health").status == 401)
            #expect(try await sim.request("GET", "/_sim/health", token: "not-a-token").status == 401)
            let token = try await sim.login()
            #expect(try await sim.request("GET", "/_sim/health", token: token).status == 200)
            let logs = "/_sim/devices/00000000000000a1/logs"
            #expect(try await sim.request("POST", logs, json: #"{"msg":"anonymous"}"#).status == 401)
            #expect(try await sim.request("POST", logs, token: token, json: #"{"msg":"bearer"}"#).status == 201)

            let browser = ConsoleBrowser(port: sim.port)
            #expect(try await browser.get("/").status == 303)
            try await browser.logIn("alice", "alice-pw")
            #expect(try await browser.get("/_sim/health").status == 200)
            let csrf = try await browser.sessionCSRF()
            let body = Array(#"{"msg":"session"}"#.utf8)
            #expect(try await browser.send("POST", logs, body: body).status == 403)
            #expect(try await browser.send("POST", logs, headers: [("X-CSRF-Token", csrf)], body: body).status == 201)
        }
    }

    @Test("On loopback the admin endpoints stay open")
    func adminOpenOnLoopback() async throws {
        try await TestSim.with { sim in
            let health = try await sim.request("GET", "/_sim/health")
            #expect(health.status == 200)
        }
    }

    @Test("Loopback addresses", arguments: [
        ("127.0.0.1", true), ("127.1.2.3", true), ("localhost", true), ("::1", true),
        ("0.0.0.0", false), ("192.0.2.1", false), ("::", false), ("127.0.0.256", false), ("example.com", false),
    ])
    func loopback(host: String, expected: Bool) {
        var options = SimOptions()
        options.host = host
        #expect(options.hostIsLoopback == expected)
    }

    @Test("Device lists come in pages of 200")
    func paging() async throws {
        let devices = (1...205).map { n in
            #"{"name": "dev-\#(n)", "mac_address": "0c:2a:69:00:\#(String(format: "%02x:%02x", n / 256, n % 256))"}"#
        }
        let seed = #"{"accounts": [{"username": "many", "password": "many-pw", "devices": [\#(devices.joined(separator: ","))]}]}"#
        try await TestSim.with(seed: seed) { sim in
            let browser = ConsoleBrowser(port: sim.port)
            try await browser.logIn("many", "many-pw")
            let first = try await browser.get("/console/devices")
            #expect(first.text.contains("1–200 of 205"))
            #expect(first.text.contains(">dev-200<"))
            #expect(!first.text.contains(">dev-201<"))
            #expect(first.text.contains("href=\"?page=2\""))
            let second = try await browser.get("/console/devices?page=2")
            #expect(second.text.contains("201–205 of 205"))
            #expect(second.text.contains(">dev-205<"))
            #expect(!second.text.contains(">dev-1<"))
            #expect(try await browser.get("/console/devices?page=99").text.contains("201–205 of 205"))
        }
    }

    @Test("Form bodies are bounded")
    func bodyBound() async throws {
        try await TestSim.with { sim in
            let browser = ConsoleBrowser(port: sim.port)
            try await browser.logIn("alice", "alice-pw")
            let csrf = try await browser.sessionCSRF()
            let huge = String(repeating: "x", count: ConsoleForm.maxBytes)
            let reply = try await browser.post("/console/devices/00000000000000a1/logs", [("csrf", csrf), ("msg", huge)])
            #expect(reply.status == 413)
        }
    }
}
