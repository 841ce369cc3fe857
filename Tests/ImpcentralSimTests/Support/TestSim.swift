import AsyncHTTPClient
import Foundation
import Testing
@testable import ImpcentralSim

/// A simulator running in-process on a free loopback port with its own temporary data directory.
final class TestSim: @unchecked Sendable {
    let server: SimServer
    let base: String
    let port: Int
    let dataDirectory: String

    /// Standard seed: alice (password), bob (collaborator of alice), carol (two-factor), each
    /// with devices; alice also has a login key.
    static let standardSeed = """
        {"accounts": [
           {"username": "alice", "email": "alice@example.com", "password": "alice-pw",
            "login_keys": [{"id": "aaaabbbbccccdddd", "description": "ci key"}],
            "devices": [
              {"name": "a-dev-1", "mac_address": "0c:2a:69:00:00:01", "id": "00000000000000a1", "agent_id": "AgentAlice01", "online": true},
              {"name": "a-dev-2", "mac_address": "0c:2a:69:00:00:02", "id": "00000000000000a2", "online": true},
              {"name": "a-dev-3", "mac_address": "0c:2a:69:00:00:03", "id": "00000000000000a3", "online": false, "imp_type": "imp005"}
            ]},
           {"username": "bob", "email": "bob@example.com", "password": "bob-pw",
            "devices": [{"name": "b-dev-1", "mac_address": "0c:2a:69:00:00:11", "id": "00000000000000b1", "online": true}]},
           {"username": "carol", "email": "carol@example.com", "password": "carol-pw", "otp": "123456"},
           {"username": "dave", "email": "dave@example.com", "password": "dave-pw"}
         ],
         "collaborators": [{"owner": "alice", "collaborator": "bob"}]}
        """

    private init(server: SimServer, base: String, dataDirectory: String) {
        self.server = server
        self.base = base
        self.dataDirectory = dataDirectory
        let afterColon = base.split(separator: ":").last!
        port = Int(afterColon.split(separator: "/").first!)!
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "impcentral-sim-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Starts a simulator; `configure` may change options (the data directory is set already).
    static func start(seed: String? = standardSeed, configure: (inout SimOptions) -> Void = { _ in }) async throws
        -> TestSim
    {
        let directory = temporaryDirectory()
        var options = SimOptions()
        options.dataDirectory = directory + "/data"
        options.port = 0
        options.logPeriod = 0.2
        if let seed {
            let file = directory + "/seed.json"
            try seed.write(toFile: file, atomically: true, encoding: .utf8)
            options.seedFile = file
        }
        configure(&options)
        let server = try SimServer(options: options)
        let base = try await server.start()
        return TestSim(server: server, base: base, dataDirectory: directory)
    }

    func stop() async {
        await server.shutdown()
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    /// Runs `body` against a fresh simulator and always stops it.
    static func with<T>(
        seed: String? = standardSeed, configure: (inout SimOptions) -> Void = { _ in },
        _ body: (TestSim) async throws -> T
    ) async throws -> T {
        let sim = try await start(seed: seed, configure: configure)
        do {
            let result = try await body(sim)
            await sim.stop()
            return result
        } catch {
            await sim.stop()
            throw error
        }
    }

    // MARK: HTTP

    struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }

        var json: JSONValue {
            (try? JSONParser.parse(body)) ?? .null
        }

        func header(_ name: String) -> String? {
            headers.first(where: { $0.0 == name.lowercased() })?.1
        }

        var data: JSONValue { json["data"] ?? .null }
        var firstError: JSONValue { json["errors"]?[0] ?? .null }
        var errorTitle: String? { firstError["title"]?.stringValue }
        var errorDetail: String? { firstError["detail"]?.stringValue }
    }

    /// Sends a request to a path below the base (e.g. `/products`) or an absolute path (`/_sim/...`).
    func request(
        _ method: String, _ path: String, token: String? = nil, json: String? = nil,
        contentType: String? = "application/vnd.api+json", headers: [(String, String)] = [],
        rawBody: [UInt8]? = nil
    ) async throws -> Reply {
        var allHeaders = headers
        if let token { allHeaders.append(("Authorization", "Bearer \(token)")) }
        var body: [UInt8] = []
        if let json { body = Array(json.utf8) }
        if let rawBody { body = rawBody }
        if !body.isEmpty, let contentType { allHeaders.append(("Content-Type", contentType)) }
        let fullPath = path.hasPrefix("/_sim") || path.hasPrefix("/v5") || path == "/" ? path : "/v5" + path
        return try await Self.send(method, port: port, path: fullPath, headers: allHeaders, body: body)
    }

    /// Sends one request to 127.0.0.1:`port` and reads the whole answer (10 s to its head).
    /// Brackets in `path` (`page[size]`) are sent percent-encoded, as URL parsers want them;
    /// other escapes (`%00`) are sent as they are.
    static func send(
        _ method: String, port: Int, path: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) async throws -> Reply {
        let target = path.replacingOccurrences(of: "[", with: "%5B").replacingOccurrences(of: "]", with: "%5D")
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(target)")
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) { request.body = .bytes(body) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let answer = try await response.body.collect(upTo: 64 << 20)
        return Reply(
            status: Int(response.status.code), headers: response.headers.map { ($0.name.lowercased(), $0.value) },
            body: Array(answer.readableBytesView))
    }

    func get(_ path: String, token: String?) async throws -> Reply {
        try await request("GET", path, token: token)
    }

    /// Logs in with username/password and returns the access token.
    func login(_ user: String = "alice", _ password: String? = nil) async throws -> String {
        let reply = try await request(
            "POST", "/auth", json: #"{"id":"\#(user)","password":"\#(password ?? user + "-pw")"}"#,
            contentType: "application/json")
        #expect(reply.status == 200, "login \(user): \(reply.text)")
        return reply.json["access_token"]?.stringValue ?? ""
    }

    // MARK: Resource helpers

    func accountID(_ token: String) async throws -> String {
        try await get("/accounts/me", token: token).data["id"]?.stringValue ?? ""
    }

    @discardableResult
    func createProduct(_ token: String, name: String, description: String? = nil, owner: String? = nil) async throws
        -> Reply
    {
        var attributes = #""name":"\#(name)""#
        if let description { attributes += #","description":"\#(description)""# }
        var relationships = ""
        if let owner { relationships = #","relationships":{"owner":{"type":"account","id":"\#(owner)"}}"# }
        return try await request(
            "POST", "/products", token: token,
            json: #"{"data":{"type":"product","attributes":{\#(attributes)}\#(relationships)}}"#)
    }

    func productID(_ token: String, name: String) async throws -> String {
        let reply = try await createProduct(token, name: name)
        #expect(reply.status == 201, "create product: \(reply.text)")
        return reply.data["id"]?.stringValue ?? ""
    }

    @discardableResult
    func createGroup(
        _ token: String, product: String, name: String, type: String = "development_devicegroup",
        attributes: String = "", production: (String, String)? = nil, dut: (String, String)? = nil
    ) async throws -> Reply {
        var rels = #""product":{"type":"product","id":"\#(product)"}"#
        if let production { rels += #","production_target":{"type":"\#(production.1)","id":"\#(production.0)"}"# }
        if let dut { rels += #","dut_target":{"type":"\#(dut.1)","id":"\#(dut.0)"}"# }
        let attrs = attributes.isEmpty ? #""name":"\#(name)""# : #""name":"\#(name)",\#(attributes)"#
        return try await request(
            "POST", "/devicegroups", token: token,
            json: #"{"data":{"type":"\#(type)","attributes":{\#(attrs)},"relationships":{\#(rels)}}}"#)
    }

    func groupID(_ token: String, product: String, name: String, type: String = "development_devicegroup") async throws
        -> String
    {
        let reply = try await createGroup(token, product: product, name: name, type: type)
        #expect(reply.status == 201, "create group: \(reply.text)")
        return reply.data["id"]?.stringValue ?? ""
    }

    @discardableResult
    func deploy(
        _ token: String, group: String, groupType: String = "development_devicegroup", device: String = "",
        agent: String = "", extra: String = ""
    ) async throws -> Reply {
        let code = #""device_code":\#(JSONValue.string(device).jsonText),"agent_code":\#(JSONValue.string(agent).jsonText)"#
        let attrs = extra.isEmpty ? code : code + "," + extra
        return try await request(
            "POST", "/deployments", token: token,
            json: #"{"data":{"type":"deployment","attributes":{\#(attrs)},"relationships":{"devicegroup":{"type":"\#(groupType)","id":"\#(group)"}}}}"#)
    }

    func assign(_ token: String, group: String, devices: [String]) async throws -> Reply {
        let list = devices.map { #"{"type":"device","id":"\#($0)"}"# }.joined(separator: ",")
        return try await request(
            "POST", "/devicegroups/\(group)/relationships/devices", token: token, json: #"{"data":[\#(list)]}"#)
    }

    func unassign(_ token: String, group: String, devices: [String], headers: [(String, String)] = []) async throws
        -> Reply
    {
        let list = devices.map { #"{"type":"device","id":"\#($0)"}"# }.joined(separator: ",")
        return try await request(
            "DELETE", "/devicegroups/\(group)/relationships/devices", token: token, json: #"{"data":[\#(list)]}"#,
            headers: headers)
    }

    /// Polls until `condition` holds or `timeout` passes.
    func eventually(timeout: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}

/// Runs blocking work (process starts and waits) on a thread of its own: neither the small
/// cooperative pool nor the Dispatch pool (which also serves GRDB's queues) may be tied up.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.stackSize = 256 * 1024
        thread.start()
    }
}

extension JSONValue {
    subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, index >= 0, index < items.count else { return nil }
        return items[index]
    }

    /// Member names of an object, in order.
    var keys: [String] { objectMembers?.map(\.key) ?? [] }

    var count: Int { arrayValue?.count ?? 0 }
}
