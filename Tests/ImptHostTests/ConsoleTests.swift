import Testing

@testable import ImptHostKit

/// Collects what a console prints.
final class Captured {
    var bytes: [UInt8] = []
    var text: String { String(decoding: bytes, as: UTF8.self) }

    func console(_ mode: OutputMode, colors: Bool = false) -> Console {
        Console(mode: mode, colors: colors) { [unowned self] in self.bytes += $0 }
    }
}

@Suite struct ConsoleTests {
    let product: JSON = ["Product": ["id": "94a2", "name": "TestProduct"]]

    @Test func defaultModeShowsInfoResultAndStatus() {
        let out = Captured()
        let console = out.console(.standard)
        console.info("Product \"TestProduct\" is created successfully.")
        console.result(product)
        console.finish(success: true)
        #expect(out.text == "Product \"TestProduct\" is created successfully.\nProduct: \n  id:   94a2\n  name: TestProduct\nIMPT COMMAND SUCCEEDS\n")
    }

    @Test func minimalModeHidesInfoAndStatus() {
        let out = Captured()
        let console = out.console(.minimal)
        console.info("hidden")
        console.result(product)
        console.error("Product \"X\" is not found.")
        console.finish(success: false)
        #expect(out.text == "Product: \n  id:   94a2\n  name: TestProduct\nError: Product \"X\" is not found.\n")
    }

    @Test func jsonModePrintsDocuments() {
        let out = Captured()
        let console = out.console(.json)
        console.info("hidden")
        console.result(product)
        console.finish(success: true)
        #expect(out.text == "{\n  \"Product\": {\n    \"id\": \"94a2\",\n    \"name\": \"TestProduct\"\n  }\n}\n")
    }

    @Test func jsonModePrintsEmptyObjectWithoutResultAndErrorsAsObjects() {
        let out = Captured()
        out.console(.json).finish(success: true)
        #expect(out.text == "{}\n")
        let failed = Captured()
        let console = failed.console(.json)
        console.error("Product \"X\" is not found.")
        console.finish(success: false)
        #expect(failed.text == "{\n  \"Error\": \"Product \\\"X\\\" is not found.\"\n}\n")
    }

    @Test func jsonModeKeepsEmptyListsAndConvertsNestedNulls() {
        let out = Captured()
        let console = out.console(.json)
        console.result(.array([]))
        console.result(["P": ["region": nil, "tags": []]])
        console.flush()
        #expect(out.text == "[]\n{\n  \"P\": {\n    \"region\": \"\",\n    \"tags\": \"\"\n  }\n}\n")
    }

    @Test func debugModeShowsInfo() {
        let out = Captured()
        let console = out.console(.debug)
        console.info("visible")
        console.finish(success: false)
        #expect(out.text == "visible\nIMPT COMMAND FAILS\n")
    }
}

@Suite struct ClockTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00.000Z", Int64(0)), ("2018-01-21T22:08:53.017Z", Int64(1_516_572_533_017)),
        ("2016-02-19T21:05:13.993Z", Int64(1_455_915_913_993)), ("2000-02-29T12:00:00.5+01:00", Int64(951_822_000_500)),
    ])
    func parsesTimestamps(text: String, milliseconds: Int64) {
        #expect(Clock.parseISO8601(text) == milliseconds)
    }

    @Test func formatsWhatItParses() {
        for ms: Int64 in [0, 1_516_572_533_017, 4_102_444_800_000, 951_782_400_001] {
            #expect(Clock.parseISO8601(Clock.formatISO8601(milliseconds: ms)) == ms)
        }
        #expect(Clock.formatISO8601(milliseconds: 1_516_572_533_017) == "2018-01-21T22:08:53.017Z")
    }

    @Test(arguments: ["", "2018-13-01T00:00:00Z", "yesterday", "2018-01-01 00:00:00Z", "2018-01-01T00:00:00.Z"])
    func rejectsMalformedTimestamps(text: String) {
        #expect(Clock.parseISO8601(text) == nil)
    }
}

@Suite struct AuthFileTests {
    @Test func writesTheOriginalKeyOrder() {
        let file = AuthFile(endpoint: "https://api.electricimp.com/v5", accessToken: "tok", expiresAt: "2030-01-01T00:00:00.000Z", loginKey: "k", refreshToken: "r")
        #expect(String(decoding: file.encode(), as: UTF8.self) == """
            {
              "endpoint": "https://api.electricimp.com/v5",
              "accessToken": "tok",
              "expiresAt": "2030-01-01T00:00:00.000Z",
              "loginKey": "k",
              "refreshToken": "r"
            }
            """)
        #expect(AuthFile.decode(file.encode()) == file)
    }

    @Test(arguments: ["not json", "{}", #"{"accessToken": "x"}"#, #"{"expiresAt": "x"}"#, "[]"])
    func corruptedFilesAreRecognised(text: String) {
        #expect(AuthFile.decode(Array(text.utf8)) == nil)
    }

    @Test func readsFilesWithoutOptionalKeys() {
        let file = AuthFile.decode(Array(#"{"accessToken":"a","expiresAt":"b"}"#.utf8))
        #expect(file?.endpoint == AuthFile.defaultEndpoint)
        #expect(file?.refreshToken == nil && file?.loginKey == nil)
    }
}

@Suite struct HTTPTransportTests {
    @Test func headersOfTheLastResponseAreParsed() {
        let block = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Type: application/vnd.api+json\r\nX-RateLimit-Reset:  1 \r\n\r\n"
        let headers = HTTPTransport.parseHeaders(block)
        #expect(headers.map(\.name) == ["content-type", "x-ratelimit-reset"])
        #expect(headers.last?.value == "1")
    }

    @Test(arguments: [
        ("http://127.0.0.1:8080/v5", true), ("http://localhost/v5", true), ("http://[::1]:80/v5", true),
        ("https://api.electricimp.com/v5", false), ("http://user@127.0.0.2/x", true), ("http://10.0.0.1/", false),
    ])
    func loopbackNeverUsesAProxy(url: String, loopback: Bool) {
        #expect(HTTPTransport.isLoopback(url) == loopback)
        let environment = Environment(["HTTP_PROXY": "http://proxy:3128", "https_proxy": "http://secure:3128"])
        let expected = loopback ? nil : url.hasPrefix("https") ? "http://secure:3128" : "http://proxy:3128"
        #expect(HTTPTransport.proxy(for: url, environment: environment) == expected)
    }
}
