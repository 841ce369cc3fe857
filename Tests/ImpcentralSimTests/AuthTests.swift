import Foundation
import Testing
@testable import ImpcentralSim

@Suite("Authentication")
struct AuthTests {
    @Test("Password login by username or email returns a token object")
    func passwordLogin() async throws {
        try await TestSim.with { sim in
            for id in ["alice", "alice@example.com", "ALICE@example.com"] {
                let reply = try await sim.request(
                    "POST", "/auth", json: #"{"id":"\#(id)","password":"alice-pw"}"#, contentType: "application/json")
                #expect(reply.status == 200)
                #expect(reply.json.keys == ["access_token", "expires_in", "expires_at", "refresh_token"])
                #expect(reply.json["expires_in"]?.intValue == 3600)
                #expect(reply.json["refresh_token"]?.stringValue?.count == 64)
                #expect(reply.json["expires_at"]?.stringValue?.hasSuffix("Z") == true)
            }
            // vnd.api+json is accepted on /auth too.
            let vnd = try await sim.request("POST", "/auth", json: #"{"id":"bob","password":"bob-pw"}"#)
            #expect(vnd.status == 200)
        }
    }

    @Test("Bad credentials are 401 with an error document", arguments: [
        #"{"id":"alice","password":"wrong"}"#, #"{"id":"nobody","password":"x"}"#,
    ])
    func badCredentials(body: String) async throws {
        try await TestSim.with { sim in
            let reply = try await sim.request("POST", "/auth", json: body, contentType: "application/json")
            #expect(reply.status == 401)
            #expect(reply.firstError["status"]?.stringValue == "401")
            #expect(reply.errorTitle == "Invalid Credentials")
        }
    }

    @Test("Two-factor flow: 403 with login_token, then OTP in header or body")
    func twoFactor() async throws {
        try await TestSim.with { sim in
            func first() async throws -> String {
                let reply = try await sim.request(
                    "POST", "/auth", json: #"{"id":"carol","password":"carol-pw"}"#, contentType: "application/json")
                #expect(reply.status == 403)
                let token = reply.firstError["meta"]?["login_token"]?.stringValue
                #expect(token != nil)
                return token ?? ""
            }
            // Wrong OTP.
            let t1 = try await first()
            let wrong = try await sim.request(
                "POST", "/auth", json: #"{"login_token":"\#(t1)"}"#, contentType: "application/json",
                headers: [("X-Electricimp-OTP-Token", "000000")])
            #expect(wrong.status == 401)
            // Header form.
            let ok = try await sim.request(
                "POST", "/auth", json: #"{"login_token":"\#(t1)"}"#, contentType: "application/json",
                headers: [("X-Electricimp-OTP-Token", "123456")])
            #expect(ok.status == 200)
            #expect(ok.json["refresh_token"] != nil)
            // A login token is single-use.
            let reused = try await sim.request(
                "POST", "/auth", json: #"{"login_token":"\#(t1)"}"#, contentType: "application/json",
                headers: [("X-Electricimp-OTP-Token", "123456")])
            #expect(reused.status == 401)
            // Body form (older clients).
            let t2 = try await first()
            let body = try await sim.request(
                "POST", "/auth", json: #"{"login_token":"\#(t2)","password":"123456"}"#, contentType: "application/json")
            #expect(body.status == 200)
            let token = body.json["access_token"]?.stringValue ?? ""
            let me = try await sim.get("/accounts/me", token: token)
            #expect(me.data["attributes"]?["username"]?.stringValue == "carol")
        }
    }

    @Test("Expired access tokens get 401; refresh with the refresh token works")
    func expiryAndRefresh() async throws {
        try await TestSim.with(configure: { $0.tokenLifetime = 1 }) { sim in
            let login = try await sim.request(
                "POST", "/auth", json: #"{"id":"alice","password":"alice-pw"}"#, contentType: "application/json")
            #expect(login.json["expires_in"]?.intValue == 1)
            let access = login.json["access_token"]?.stringValue ?? ""
            let refresh = login.json["refresh_token"]?.stringValue ?? ""
            #expect(try await sim.get("/products", token: access).status == 200)
            sim.server.clock.freeze()
            sim.server.clock.advance(milliseconds: 1_001)  // past the one-second lifetime
            let expired = try await sim.get("/products", token: access)
            #expect(expired.status == 401)
            #expect(expired.errorDetail == "The access token has expired.")
            let renewed = try await sim.request(
                "POST", "/auth/token", json: #"{"token":"\#(refresh)"}"#, contentType: "application/json")
            #expect(renewed.status == 200)
            #expect(renewed.json.keys == ["access_token", "expires_in", "expires_at"])
            let fresh = renewed.json["access_token"]?.stringValue ?? ""
            #expect(try await sim.get("/products", token: fresh).status == 200)
            // Unknown refresh token: 404 with an error document.
            let unknown = try await sim.request(
                "POST", "/auth/token", json: #"{"token":"\#(String(repeating: "0", count: 64))"}"#,
                contentType: "application/json")
            #expect(unknown.status == 404)
            #expect(unknown.firstError["status"]?.stringValue == "404")
        }
    }

    @Test("Missing, malformed and unknown bearer tokens are 401")
    func missingToken() async throws {
        try await TestSim.with { sim in
            #expect(try await sim.get("/products", token: nil).status == 401)
            #expect(try await sim.get("/products", token: "not-a-token").status == 401)
            let basic = try await sim.request("GET", "/products", headers: [("Authorization", "Basic abc")])
            #expect(basic.status == 401)
            #expect(basic.errorTitle == "Unauthorized")
        }
    }

    @Test("Refresh tokens can be listed and deleted; deletion keeps access tokens valid")
    func refreshTokens() async throws {
        try await TestSim.with { sim in
            let login = try await sim.request(
                "POST", "/auth", json: #"{"id":"alice","password":"alice-pw"}"#, contentType: "application/json")
            let access = login.json["access_token"]?.stringValue ?? ""
            let refresh = login.json["refresh_token"]?.stringValue ?? ""
            let list = try await sim.get("/accounts/me/refresh_tokens", token: access)
            #expect(list.status == 200)
            #expect(list.data.count == 1)
            #expect(list.json["links"]?["next"] == nil)
            let id = list.data[0]?["id"]?.stringValue ?? ""
            let deleted = try await sim.request("DELETE", "/accounts/me/refresh_tokens/\(id)", token: access)
            #expect(deleted.status == 204)
            let again = try await sim.request("DELETE", "/accounts/me/refresh_tokens/\(id)", token: access)
            #expect(again.status == 404)
            let renew = try await sim.request(
                "POST", "/auth/token", json: #"{"token":"\#(refresh)"}"#, contentType: "application/json")
            #expect(renew.status == 404)
            #expect(try await sim.get("/accounts/me", token: access).status == 200)
        }
    }

    @Test("Login keys: CRUD behind the account password, login by key counts usages, limit")
    func loginKeys() async throws {
        try await TestSim.with { sim in
            let token = try await sim.login()
            let pw = [("X-Electricimp-Password", "alice-pw")]
            // Seeded key.
            let list = try await sim.get("/accounts/me/login_keys", token: token)
            #expect(list.status == 200)
            #expect(list.data[0]?["id"]?.stringValue == "aaaabbbbccccdddd")
            #expect(list.data[0]?["attributes"]?.keys == ["description", "usages", "created_at"])
            // Password required.
            let noPassword = try await sim.request(
                "POST", "/accounts/me/login_keys", token: token,
                json: #"{"data":{"type":"login_key","attributes":{"description":"k"}}}"#)
            #expect(noPassword.status == 403)
            let wrongPassword = try await sim.request(
                "POST", "/accounts/me/login_keys", token: token,
                json: #"{"data":{"type":"login_key","attributes":{}}}"#, headers: [("X-Electricimp-Password", "nope")])
            #expect(wrongPassword.status == 403)
            // Create.
            let created = try await sim.request(
                "POST", "/accounts/me/login_keys", token: token,
                json: #"{"data":{"type":"login_key","attributes":{"description":"mine"}}}"#, headers: pw)
            #expect(created.status == 201)
            let key = created.data["id"]?.stringValue ?? ""
            #expect(Identifiers.isLoginKey(key))
            #expect(created.data["attributes"]?["usages"]?.intValue == 0)
            // Login with the key, twice.
            for _ in 0..<2 {
                let byKey = try await sim.request(
                    "POST", "/auth/token", json: #"{"key":"\#(key)"}"#, contentType: "application/json")
                #expect(byKey.status == 200)
                #expect(byKey.json["refresh_token"] == nil)
            }
            let info = try await sim.get("/accounts/me/login_keys/\(key)", token: token)
            #expect(info.data["attributes"]?["usages"]?.intValue == 2)
            // Update.
            let updated = try await sim.request(
                "PATCH", "/accounts/me/login_keys/\(key)", token: token,
                json: #"{"data":{"type":"login_key","id":"\#(key)","attributes":{"description":"renamed"}}}"#,
                headers: pw)
            #expect(updated.status == 200)
            #expect(updated.data["attributes"]?["description"]?.stringValue == "renamed")
            // Unknown key login is 404.
            let unknown = try await sim.request(
                "POST", "/auth/token", json: #"{"key":"zzzzzzzzzzzzzzzz"}"#, contentType: "application/json")
            #expect(unknown.status == 404)
            // Limit: 10 keys per account (1 seeded + 1 created so far).
            for _ in 0..<8 {
                let more = try await sim.request(
                    "POST", "/accounts/me/login_keys", token: token,
                    json: #"{"data":{"type":"login_key","attributes":{}}}"#, headers: pw)
                #expect(more.status == 201)
            }
            let over = try await sim.request(
                "POST", "/accounts/me/login_keys", token: token,
                json: #"{"data":{"type":"login_key","attributes":{}}}"#, headers: pw)
            #expect(over.status == 409)
            #expect(over.errorTitle == "Account Limit Reached")
            // Delete.
            let noPwDelete = try await sim.request("DELETE", "/accounts/me/login_keys/\(key)", token: token)
            #expect(noPwDelete.status == 403)
            let deleted = try await sim.request("DELETE", "/accounts/me/login_keys/\(key)", token: token, headers: pw)
            #expect(deleted.status == 204)
            #expect(try await sim.get("/accounts/me/login_keys/\(key)", token: token).status == 404)
            // Another account cannot see alice's keys.
            let bob = try await sim.login("bob")
            #expect(try await sim.get("/accounts/me/login_keys/aaaabbbbccccdddd", token: bob).status == 404)
        }
    }
}
