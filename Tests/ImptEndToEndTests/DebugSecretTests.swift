import Foundation
import Testing

/// `-z debug` traces every exchange, but never a credential: on every login and renewal path,
/// tokens, keys, passwords and one-time passwords are shown as "[hidden]".
@Suite(.inProcess) struct DebugSecretTests {
    /// Names whose value, wherever it appears in a trace, must be hidden.
    static let secretNames = [
        "password", "key", "token", "access_token", "refresh_token", "login_token", "Authorization",
        "X-Electricimp-OTP-Token", "X-Electricimp-Password", "X-Electricimp-Key",
    ]

    /// Every `"<secret name>": <value>` of the trace has the value "[hidden]", and none of the
    /// given secrets appears anywhere.
    func expectHidden(_ run: Run, secrets: [String], shown: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets where !secret.isEmpty {
            #expect(!run.stdout.contains(secret), "a secret leaked: \(run)", sourceLocation: sourceLocation)
        }
        for name in Self.secretNames {
            for occurrence in run.stdout.components(separatedBy: "\"\(name)\": ").dropFirst() {
                #expect(occurrence.hasPrefix("\"[hidden]\""), "\(name) is shown: \(occurrence.prefix(60))", sourceLocation: sourceLocation)
            }
        }
        for name in shown {
            #expect(run.stdout.contains("\"\(name)\": \"[hidden]\""), "\(name) is not traced: \(run)", sourceLocation: sourceLocation)
        }
    }

    @Test func passwordLogin() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        let run = try sandbox.impt("auth", "login", "-e", sim.baseURL, "-u", "demo", "-w", "demo-password", "-z", "debug")
        #expect(run.status == 0, "\(run)")
        let file = try sandbox.authFile(sandbox.globalAuthFile)
        expectHidden(run, secrets: ["demo-password", file["accessToken"]!, file["refreshToken"]!],
                     shown: ["password", "access_token", "refresh_token"])
    }

    @Test func loginKeyLoginAndEnvironmentKey() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator.team(sandbox: sandbox)
        let login = try sandbox.impt("auth", "login", "-e", sim.baseURL, "-k", Seeds.loginKey, "-z", "debug")
        #expect(login.status == 0, "\(login)")
        let file = try sandbox.authFile(sandbox.globalAuthFile)
        expectHidden(login, secrets: [Seeds.loginKey, file["accessToken"]!], shown: ["key", "access_token"])
        try FileManager.default.removeItem(at: sandbox.globalAuthFile)
        let fromEnvironment = try sandbox.impt(
            ["product", "list", "-z", "debug"], environment: ["IMPT_LOGINKEY": Seeds.loginKey, "IMPT_ENDPOINT": sim.baseURL])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment)")
        expectHidden(fromEnvironment, secrets: [Seeds.loginKey], shown: ["key", "access_token", "Authorization"])
    }

    @Test func renewalsWithARefreshTokenOrALoginKey() throws {
        let sandbox = try Sandbox()
        // Tokens living less than three minutes are renewed by every command.
        let sim = try Simulator.team(["--token-lifetime", "120"], sandbox: sandbox)
        try sandbox.login(sim)
        let before = try sandbox.authFile(sandbox.globalAuthFile)
        let byRefresh = try sandbox.impt("product", "list", "-z", "debug")
        let after = try sandbox.authFile(sandbox.globalAuthFile)
        #expect(after["accessToken"] != before["accessToken"])
        expectHidden(byRefresh, secrets: [before["refreshToken"]!, before["accessToken"]!, after["accessToken"]!],
                     shown: ["token", "access_token", "Authorization"])
        try sandbox.impt("auth", "login", "-q", "-e", sim.baseURL, "-k", Seeds.loginKey)
        let byKey = try sandbox.impt("product", "list", "-z", "debug")
        expectHidden(byKey, secrets: [Seeds.loginKey, try sandbox.authFile(sandbox.globalAuthFile)["accessToken"]!],
                     shown: ["key", "access_token"])
    }

    @Test func twoFactorLogin() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator.team(sandbox: sandbox)
        let run = try sandbox.impt(["auth", "login", "-e", sim.baseURL, "-u", "alice", "-w", "alice-password", "-z", "debug"],
                                   stdin: "\(Seeds.otp)\n")
        #expect(run.status == 0, "\(run)")
        let file = try sandbox.authFile(sandbox.globalAuthFile)
        expectHidden(run, secrets: ["alice-password", Seeds.otp, file["accessToken"]!, file["refreshToken"]!],
                     shown: ["password", "login_token", "X-Electricimp-OTP-Token", "access_token", "refresh_token"])
    }
}
