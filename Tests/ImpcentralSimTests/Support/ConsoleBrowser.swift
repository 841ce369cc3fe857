import AsyncHTTPClient
import Foundation
@testable import ImpcentralSim

/// A minimal browser for the console tests: keeps the session cookie, does not follow
/// redirects, posts forms, and finds the CSRF token in a page.
final class ConsoleBrowser: @unchecked Sendable {
    /// One client for all tests; redirects are examined, not followed.
    private static let client = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    let port: Int
    var cookie: String?

    init(port: Int) {
        self.port = port
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> TestSim.Reply {
        try await send("GET", path, headers: headers)
    }

    /// Posts `fields` as a urlencoded form.
    func post(_ path: String, _ fields: [(String, String)], headers: [(String, String)] = []) async throws
        -> TestSim.Reply
    {
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(
            "POST", path, headers: headers + [("Content-Type", "application/x-www-form-urlencoded")], body: Array(body.utf8))
    }

    func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []) async throws
        -> TestSim.Reply
    {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let cookie { request.headers.add(name: "Cookie", value: "\(ConsoleCookie.name)=\(cookie)") }
        if method != "GET" { request.body = .bytes(body) }
        let response = try await Self.client.execute(request, timeout: .seconds(10))
        let answer = try await response.body.collect(upTo: 64 << 20)
        let reply = TestSim.Reply(
            status: Int(response.status.code), headers: response.headers.map { ($0.name.lowercased(), $0.value) },
            body: Array(answer.readableBytesView))
        if let set = reply.header("set-cookie"), set.hasPrefix(ConsoleCookie.name + "=") {
            let value = set.dropFirst(ConsoleCookie.name.count + 1).prefix { $0 != ";" }
            cookie = value.isEmpty ? nil : String(value)
        }
        return reply
    }

    /// The CSRF token of the first form of `page`.
    static func csrf(in page: TestSim.Reply) -> String? {
        let text = page.text
        guard let range = text.range(of: #"name="csrf" value=""#) else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Opens the login page and logs in; returns the answer to the login post.
    @discardableResult
    func logIn(_ user: String, _ password: String, otp: String = "") async throws -> TestSim.Reply {
        let form = try await get("/console/login")
        return try await post(
            "/console/login",
            [("csrf", Self.csrf(in: form) ?? ""), ("user", user), ("password", password), ("otp", otp)])
    }

    /// The CSRF token of a logged-in session (from its start page).
    func sessionCSRF() async throws -> String {
        Self.csrf(in: try await get("/")) ?? ""
    }

    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
