import Testing
@testable import ImpcentralSim

@Suite("Building blocks")
struct UnitTests {
    @Test("JSON parser keeps member order and number text")
    func jsonOrder() throws {
        let value = try JSONParser.parse(#"{"b": 1.50, "a": [true, null, "x\u00e9\n"], "c": {"z": -2e3}}"#)
        #expect(value.keys == ["b", "a", "c"])
        #expect(value.jsonText == #"{"b":1.50,"a":[true,null,"xé\n"],"c":{"z":-2e3}}"#)
    }

    @Test("JSON parser rejects malformed input", arguments: [
        "", "{", "{\"a\":}", "[1,]", "{\"a\" 1}", "01", "\"\\x\"", "tru", "{} x", "\"\u{01}\"", "[\"\\ud800\"]",
        String(repeating: "[", count: 200) + String(repeating: "]", count: 200),
    ])
    func jsonMalformed(text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test("JSON writer escapes strings")
    func jsonEscapes() {
        var w = JSONWriter()
        w.string("a\"b\\c\n\u{01}é")
        #expect(w.text == #""a\"b\\c\n\u0001é""#)
    }

    @Test("SHA-256 matches known vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func sha256(input: String, expected: String) {
        #expect(SHA256Digest.hex(of: Array(input.utf8)) == expected)
    }

    @Test("Deployment sha is deterministic and depends on both sources")
    func deploymentSHA() {
        let a = SHA256Digest.deploymentSHA(deviceCode: "x", agentCode: "y")
        #expect(a == SHA256Digest.deploymentSHA(deviceCode: "x", agentCode: "y"))
        #expect(a != SHA256Digest.deploymentSHA(deviceCode: "xy", agentCode: ""))
        #expect(a.count == 64)
    }

    @Test("ISO-8601 timestamps with milliseconds", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(1_516_646_039_537), "2018-01-22T18:33:59.537Z"),
        (Int64(951_782_400_001), "2000-02-29T00:00:00.001Z"),
    ])
    func timestamps(ms: Int64, text: String) {
        #expect(Timestamps.iso(ms) == text)
    }

    @Test("Monotonic clock never repeats")
    func monotonic() {
        let clock = MonotonicClock()
        var last: Int64 = 0
        for _ in 0..<2000 {
            let next = clock.next()
            #expect(next > last)
            last = next
        }
    }

    @Test("Identifier formats")
    func identifiers() {
        #expect(Identifiers.isResourceID(Identifiers.resourceID()))
        #expect(Identifiers.isDeviceID(Identifiers.deviceID()))
        #expect(Identifiers.isAgentID(Identifiers.agentID()))
        #expect(Identifiers.isLoginKey(Identifiers.loginKey()))
        #expect(Identifiers.refreshToken().count == 64)
        #expect(Identifiers.macAddress().hasPrefix("0c:2a:69:"))
        #expect(Identifiers.normalizedMAC("0C-2A-69-05-0D-62") == "0c:2a:69:05:0d:62")
        #expect(Identifiers.normalizedMAC("0c2a69050d62") == "0c:2a:69:05:0d:62")
        #expect(Identifiers.normalizedMAC("0c:2a:69:05:0d") == nil)
        #expect(!Identifiers.isResourceID("94A2B60B-a4d4-5e5f-e43b-bc0486a0efee"))
    }

    @Test("Command-line options parse", arguments: [
        (["--data", "d"], true),
        (["--data=d", "--port", "0", "--demo", "--log-period", "0.05", "--rate-limit", "5"], true),
        (["--data", "d", "--max-log-streams", "2", "--max-stream-devices", "3", "--token-lifetime", "2"], true),
        (["--port", "1"], false),
        (["--data", "d", "--bogus"], false),
        (["--data", "d", "--port", "x"], false),
        (["--data", "d", "--port", "70000"], false),
        (["--data", "d", "--log-period", "0"], false),
        (["--data", "d", "--rate-limit"], false),
        (["--data", "d", "--latency", "250"], true),
        (["--data", "d", "--latency", "-1"], false),
        (["--data", "d", "--latency", "60001"], false),
        (["--data", "d", "--demo=1"], false),
    ])
    func options(arguments: [String], valid: Bool) {
        let parsed = try? SimOptions.parse(arguments)
        #expect((parsed != nil) == valid)
    }

    @Test("Options values")
    func optionValues() throws {
        let o = try SimOptions.parse(["--data", "/x", "--log-period", "0.25", "--rate-limit", "7", "--host", "::1"])
        #expect(o.dataDirectory == "/x")
        #expect(o.logPeriod == 0.25)
        #expect(o.rateLimit == 7)
        #expect(o.host == "::1")
        #expect(o.maxLogStreams == 1 && o.maxStreamDevices == 5 && o.tokenLifetime == 3600 && o.latency == 0)
        #expect(try SimOptions.parse(["--data", "/x", "--latency", "120"]).latency == 120)
        #expect(try SimOptions.parse(["--help"]).help)
    }

    @Test("server.log literals are found outside comments")
    func squirrelScanner() {
        let code = #"""
            // server.log("commented");
            /* server.log("block") */
            server.log("Data published successfully:");
            server.log( "with \"escape\"" + x);
            server.error("bad");
            local s = "server.log(\"inside string\")";
            server.log(@"verbatim ""q""");
            server.log(value);
            """#
        let calls = SquirrelScanner.logCalls(in: code)
        #expect(calls.map(\.text) == ["Data published successfully:", "with \"escape\"", "bad", "verbatim \"q\""])
        #expect(calls.map(\.kind) == ["log", "log", "error", "log"])
        #expect(SquirrelScanner.firstProblem(in: code) == nil)
    }

    @Test("Bracket problems are reported", arguments: [
        ("function f() {", 1), ("x = [1, 2));", 1), ("a\nb = \"open", 2), ("/* never closed", 1),
    ])
    func squirrelProblems(code: String, row: Int) {
        let problem = SquirrelScanner.firstProblem(in: code)
        #expect(problem?.row == row)
    }

    @Test("Query parameters decode bracketed keys")
    func query() {
        let q = QueryParameters("filter%5Bowner.id%5D=abc&page[size]=5&x=a+b%20c")
        #expect(q["filter[owner.id]"] == "abc")
        #expect(q["page[size]"] == "5")
        #expect(q["x"] == "a b c")
        #expect(q.filters.map(\.0) == ["owner.id"])
    }

    @Test("Loopback-only webhook targets", arguments: [
        ("http://127.0.0.1:8080/x", true), ("http://localhost/", true), ("http://[::1]:99/a?b", true),
        ("http://127.1.2.3:80", true), ("http://example.com/x", false), ("https://127.0.0.1/", false),
        ("http://10.0.0.1/", false), ("ftp://127.0.0.1/", false),
    ])
    func loopbackTargets(url: String, allowed: Bool) {
        let accepted = (try? WebhookTarget(url)) != nil
        #expect(accepted == allowed, "\(url)")
    }

    @Test("A webhook target is requested at its numeric loopback address; refusals say why")
    func webhookTargetParts() throws {
        let local = try WebhookTarget("http://user@localhost")
        #expect(local.url == "http://127.0.0.1:80/")
        let v6 = try WebhookTarget("http://[::1]:99?b=1")
        #expect(v6.url == "http://[::1]:99/?b=1")
        let numeric = try WebhookTarget("http://127.1.2.3:8080/hook/x?y")
        #expect((numeric.host, numeric.port, numeric.pathAndQuery) == ("127.1.2.3", 8080, "/hook/x?y"))
        for (url, message) in [
            ("http://example.com/x", "refused: example.com is not a loopback address"),
            ("http://10.0.0.1/", "refused: 10.0.0.1 is not a loopback address"),
            ("http://127.0.0.1.example.com/", "refused: 127.0.0.1.example.com is not a loopback address"),
            ("https://127.0.0.1/", "https delivery is not supported by the simulator"),
            ("ftp://127.0.0.1/", "unsupported URL scheme"),
            ("http://127.0.0.1:0/", "malformed port"), ("http://127.0.0.1:x/", "malformed port"),
            ("http://[::1/", "malformed host"),
        ] {
            #expect(throws: WebhookTarget.Refusal(message: message), "\(url)") { try WebhookTarget(url) }
        }
    }
}
