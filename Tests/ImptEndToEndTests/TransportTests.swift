import Foundation
import ImptHostKit
import Synchronization
import Testing

/// A program running impt in-process chooses where its API requests go (`ImptMain(transport:)`):
/// here answers from memory, so commands run with no server and no socket at all.
@Suite(.inProcess) struct TransportTests {
    /// Answers each request with `answer`, immediately, and keeps every request it saw.
    final class ScriptedTransport: RequestTransport, @unchecked Sendable {
        let answer: @Sendable (HTTPRequest) -> HTTPResponse
        let seen = Mutex<[HTTPRequest]>([])

        init(_ answer: @escaping @Sendable (HTTPRequest) -> HTTPResponse) { self.answer = answer }

        func makePool(firstURL: String, environment: Environment) throws(ImptError) -> any RequestPool { Pool(self) }

        var requests: [HTTPRequest] { seen.withLock { $0 } }

        final class Pool: RequestPool {
            let transport: ScriptedTransport
            var finished: [(tag: Int, response: HTTPResponse)] = []
            init(_ transport: ScriptedTransport) { self.transport = transport }
            var count: Int { finished.count }
            func add(_ request: HTTPRequest, tag: Int) {
                transport.seen.withLock { $0.append(request) }
                finished.append((tag, transport.answer(request)))
            }
            func run(waitMilliseconds: Int) {}
            func take() -> (tag: Int, response: HTTPResponse)? { finished.isEmpty ? nil : finished.removeFirst() }
        }
    }

    static let endpoint = "https://impcentral.invalid/v5"

    static func json(_ status: Int, _ body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("content-type", "application/vnd.api+json")], body: Array(body.utf8))
    }

    func run(_ sandbox: Sandbox, _ arguments: [String], _ transport: ScriptedTransport) -> Run {
        InProcessImpt.run(arguments, executable: sandbox.executable, environment: sandbox.environment,
                          directory: sandbox.work.path, stdin: nil, transport: transport)
    }

    @Test func aCommandsRequestsGoThroughTheGivenTransport() throws {
        let sandbox = try Sandbox()
        try sandbox.writeAuthFile(endpoint: Self.endpoint, accessToken: "memory-token")
        let transport = ScriptedTransport { request in
            if request.url.contains("/accounts/") {
                return Self.json(200, #"{"data":{"type":"account","id":"a-1","attributes":{"username":"memory","email":"m@example.com"}}}"#)
            }
            return Self.json(200, #"""
                {"data":[{"type":"product","id":"p-1","attributes":{"name":"From memory","description":"",
                "created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z"},
                "relationships":{"owner":{"type":"account","id":"a-1"}}}],"links":{}}
                """#)
        }
        let list = run(sandbox, ["product", "list", "-z", "json"], transport)
        #expect(list.status == 0, "\(list) \(transport.requests.map { "\($0.method) \($0.url)" })")
        let products = list.json as? [[String: [String: Any]]]
        #expect(products?.first?["Product"]?["name"] as? String == "From memory", "\(list)")
        let request = try #require(transport.requests.first)
        #expect(request.method == "GET" && request.url.hasPrefix(Self.endpoint + "/products"), "\(request.url)")
        #expect(request.headers.contains("Authorization: Bearer memory-token"))
    }

    @Test func anErrorDocumentFromTheTransportIsReportedAsTheServersError() throws {
        let sandbox = try Sandbox()
        try sandbox.writeAuthFile(endpoint: Self.endpoint)
        let transport = ScriptedTransport { _ in
            Self.json(500, #"{"errors":[{"status":"500","code":"XX001","title":"Internal Failure","detail":"The disk is full."}]}"#)
        }
        let run = run(sandbox, ["product", "list"], transport)
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout.hasSuffix("IMPT COMMAND FAILS\n") && run.stdout.contains("The disk is full."), "\(run)")
    }

    @Test func bulkRequestsGoThroughItToo() throws {
        let sandbox = try Sandbox()
        try sandbox.writeAuthFile(endpoint: Self.endpoint)
        let transport = ScriptedTransport { request in
            if request.method == "GET", let id = request.url.split(separator: "/").last {
                return Self.json(200, #"{"data":{"type":"device","id":"\#(id)","attributes":{"name":null,"device_online":true}}}"#)
            }
            return HTTPResponse(status: 204)
        }
        let run = run(sandbox, ["device", "restart", "-d", "0000000000000001", "-d", "0000000000000002"], transport)
        #expect(run.status == 0, "\(run)")
        let restarts = transport.requests.filter { $0.method == "POST" && $0.url.hasSuffix("/restart") }
        #expect(restarts.count == 2, "\(transport.requests.map { "\($0.method) \($0.url)" })")
    }
}
