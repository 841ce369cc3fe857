import Testing

import ImptPluginAPI
@testable import ImptHostKit

@Suite struct ExchangeTraceTests {
    func traced(_ body: (ExchangeTrace) -> Void) -> String {
        var output: [UInt8] = []
        let console = Console(mode: .debug, colors: false) { output += $0 }
        body(ExchangeTrace(console: console))
        console.flush()
        return String(decoding: output, as: UTF8.self)
    }

    @Test func credentialHeadersAreHidden() {
        let request = HTTPRequest(
            method: "DELETE", url: "http://127.0.0.1/v5/accounts/me/login_keys/k",
            headers: [
                "Authorization: Bearer abc", "x-electricimp-password: pw", "X-Electricimp-Key: unbond",
                "X-Electricimp-OTP-Token: 123456", "Accept: application/json",
            ])
        let text = traced { $0.request(request, body: nil) }
        #expect(text.contains("""
              "headers": {
                "Authorization": "[hidden]",
                "x-electricimp-password": "[hidden]",
                "X-Electricimp-Key": "[hidden]",
                "X-Electricimp-OTP-Token": "[hidden]",
                "Accept": "application/json"
              },
            """), "\(text)")
    }

    @Test func credentialMembersAreHiddenAtAnyDepthKeepingTheLayout() {
        let document: JSON = [
            "access_token": "a", "expires_in": 3600, "refresh_token": "r", "id": "demo",
            "errors": [["meta": ["login_token": "l"]]], "empty": ["token": nil],
        ]
        #expect(ExchangeTrace.redacted(document) == [
            "access_token": "[hidden]", "expires_in": 3600, "refresh_token": "[hidden]", "id": "demo",
            "errors": [["meta": ["login_token": "[hidden]"]]], "empty": ["token": nil],
        ])
        var response = HTTPResponse(status: 200, headers: [("content-type", "application/json")])
        response.body = Array(#"{"access_token":"secret-a","refresh_token":"secret-r"}"#.utf8)
        let text = traced { $0.response(response) }
        #expect(!text.contains("secret-"))
        #expect(text.hasSuffix("Response body: {\n  \"access_token\": \"[hidden]\",\n  \"refresh_token\": \"[hidden]\"\n}\n"))
    }
}

@Suite struct NetworkLimitsTests {
    @Test func defaultsAndOverrides() throws {
        #expect(try NetworkLimits.from(Environment([:])) == NetworkLimits(
            maxResponseBytes: 67_108_864, deadlineMilliseconds: 600_000, maxPages: 10_000, maxRateLimitWaitMilliseconds: 300_000))
        let changed = try NetworkLimits.from(Environment([
            "IMPT_MAX_RESPONSE_BYTES": "1024", "IMPT_NETWORK_DEADLINE": "0", "IMPT_MAX_PAGES": "3", "IMPT_MAX_RATE_LIMIT_WAIT": "0",
        ]))
        #expect(changed == NetworkLimits(maxResponseBytes: 1024, deadlineMilliseconds: nil, maxPages: 3, maxRateLimitWaitMilliseconds: 0))
    }

    @Test(arguments: [("IMPT_MAX_PAGES", "0"), ("IMPT_MAX_PAGES", "-1"), ("IMPT_NETWORK_DEADLINE", "1e3"),
                      ("IMPT_MAX_RESPONSE_BYTES", "12345678901"), ("IMPT_MAX_RATE_LIMIT_WAIT", " 5")])
    func malformedOverridesAreRefused(name: String, value: String) {
        let minimum = name == "IMPT_MAX_PAGES" || name == "IMPT_MAX_RESPONSE_BYTES" ? 1 : 0
        #expect(throws: ImptError(
            IMPT_ERR_CONFIG, "\(name) must be a whole number of at least \(minimum) and at most ten digits, not \"\(value)\".")
        ) { try NetworkLimits.from(Environment([name: value])) }
    }

    @Test func rateLimitWaitsComeFromTheResetHeader() {
        func wait(_ value: String?) -> Int64 {
            NetworkBudget.requestedWait(HTTPResponse(status: 429, headers: value.map { [("x-ratelimit-reset", $0)] } ?? []))
        }
        #expect(wait("3") == 3000)
        #expect(wait(nil) == 1000)
        #expect(wait("0") == 1000)
        #expect(wait("soon") == 1000)
        #expect(wait("999999999") == 999_999_999_000)
    }

    @Test func theRateLimitBudgetIsTotal() throws {
        let budget = NetworkBudget(limits: NetworkLimits(maxRateLimitWaitMilliseconds: 2000))
        try budget.reserveRateLimitWait(1000, requested: 1000)
        try budget.reserveRateLimitWait(1000, requested: 1000)
        #expect(throws: ImptError.self) { try budget.reserveRateLimitWait(1, requested: 1000) }
        #expect(budget.rateLimitWaited == 2000)
    }
}
