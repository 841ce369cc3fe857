import Foundation
import Testing

@Suite(.inProcess) struct AuthCommandTests {
    @Test func loginWritesTheGlobalAuthFileInTheOriginalFormat() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        let run = try sandbox.impt("auth", "login", "--endpoint", sim.baseURL, "--user", "demo", "--pwd", "demo-password")
        #expect(run.stdout == "Global login is successful.\nIMPT COMMAND SUCCEEDS\n")
        let text = try String(contentsOf: sandbox.globalAuthFile, encoding: .utf8)
        let keys = text.split(separator: "\n").compactMap { $0.split(separator: "\"").dropFirst().first.map(String.init) }
        #expect(keys == ["endpoint", "accessToken", "expiresAt", "refreshToken"])
        let attributes = try FileManager.default.attributesOfItem(atPath: sandbox.globalAuthFile.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try sandbox.authFile(sandbox.globalAuthFile)["endpoint"] == sim.baseURL)
    }

    @Test func localTemporaryAndLoginKeyLogins() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator.team(sandbox: sandbox)
        let local = try sandbox.impt("auth", "login", "-l", "-e", sim.baseURL, "-k", Seeds.loginKey)
        #expect(local.stdout == "Local login is successful.\nIMPT COMMAND SUCCEEDS\n")
        let file = try sandbox.authFile(sandbox.localAuthFile)
        #expect(file["loginKey"] == Seeds.loginKey && file["refreshToken"] == nil)
        #expect(!FileManager.default.fileExists(atPath: sandbox.globalAuthFile.path))
        let temp = try sandbox.impt("auth", "login", "-e", sim.baseURL, "-u", "demo", "-w", "demo-password", "--temp")
        #expect(temp.status == 0)
        let global = try sandbox.authFile(sandbox.globalAuthFile)
        #expect(global["refreshToken"] == nil && global["loginKey"] == nil && global["accessToken"] != nil)
    }

    @Test func overwritingAnAuthFileAsksFirst() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let before = try sandbox.authFile(sandbox.globalAuthFile)
        let declined = try sandbox.impt(["auth", "login", "-e", sim.baseURL, "-u", "demo", "-w", "demo-password"], stdin: "n\n")
        #expect(declined.status == 1)
        #expect(declined.stdout == """
            The Global Auth File already exists. It will be overwritten.
            Are you sure you want to continue?
            Enter 'y' (yes) or 'n' (no): \n
            Operation is canceled.
            IMPT COMMAND FAILS

            """)
        #expect(try sandbox.authFile(sandbox.globalAuthFile) == before)
        let retried = try sandbox.impt(["auth", "login", "-e", sim.baseURL, "-u", "demo", "-w", "demo-password"], stdin: "maybe\ny\n")
        #expect(retried.status == 0)
        #expect(retried.stdout.contains("Invalid value!\nEnter 'y' (yes) or 'n' (no): "))
        #expect(retried.stdout.hasSuffix("Global login is successful.\nIMPT COMMAND SUCCEEDS\n"))
    }

    @Test func withoutInputAQuestionIsCancelledAndExplained() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let run = try sandbox.impt(["auth", "login", "-e", sim.baseURL, "-u", "demo", "-w", "demo-password"], stdin: "")
        #expect(run.status == 1)
        #expect(run.stdout.hasSuffix("Operation is canceled.\nIMPT COMMAND FAILS\n"))
        #expect(run.stderr.contains("--confirmed"))
    }

    @Test func asksForTheMethodAndTheValues() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator.team(sandbox: sandbox)
        let byPassword = try sandbox.impt(["auth", "login", "-e", sim.baseURL], stdin: "3\n1\ndemo\ndemo-password\n")
        #expect(byPassword.status == 0, "\(byPassword)")
        #expect(byPassword.stdout.hasPrefix("""
            Choose authentication method:
              (1) User/Password
              (2) Login Key

            Enter 1 or 2: \n
            Invalid value!
            Enter 1 or 2: \n
            Enter username or email address: \nEnter password: \nGlobal login is successful.
            """))
        let byKey = try sandbox.impt(["auth", "login", "-l", "-e", sim.baseURL], stdin: "2\n\(Seeds.loginKey)\n")
        #expect(byKey.stdout.contains("Enter Login Key: \nLocal login is successful."), "\(byKey)")
        let passwordOnly = try sandbox.impt(["auth", "login", "-q", "-e", sim.baseURL, "-u", "demo@example.com"], stdin: "demo-password\n")
        #expect(passwordOnly.stdout == "Enter password: \nGlobal login is successful.\nIMPT COMMAND SUCCEEDS\n")
    }

    @Test func twoFactorLoginAsksForTheOneTimePassword() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator.team(sandbox: sandbox)
        let run = try sandbox.impt(["auth", "login", "-e", sim.baseURL, "-u", "alice", "-w", "alice-password"], stdin: "\(Seeds.otp)\n")
        #expect(run.stdout == "Enter one-time password: \nGlobal login is successful.\nIMPT COMMAND SUCCEEDS\n", "\(run)")
        let wrong = try sandbox.impt(["auth", "login", "-q", "-e", sim.baseURL, "-u", "alice", "-w", "alice-password"], stdin: "000000\n")
        #expect(wrong.status == 1)
        #expect(wrong.stdout == "Enter one-time password: \nError: Invalid Credentials: The one-time password is missing or incorrect.\nIMPT COMMAND FAILS\n", "\(wrong)")
    }

    @Test func wrongCredentialsAndUnknownKeys() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator.team(sandbox: sandbox)
        let wrong = try sandbox.impt("auth", "login", "-e", sim.baseURL, "-u", "demo", "-w", "nope")
        #expect(wrong.status == 1)
        #expect(wrong.stdout == "Error: Invalid Credentials: The username/email or password is incorrect.\nIMPT COMMAND FAILS\n", "\(wrong)")
        let key = try sandbox.impt("auth", "login", "-e", sim.baseURL, "-k", "0000000000000000")
        #expect(key.stdout == "Error: Login Key \"[hidden]\" is not found.\nIMPT COMMAND FAILS\n", "a key is never echoed")
        #expect(!FileManager.default.fileExists(atPath: sandbox.globalAuthFile.path))
    }

    @Test func unreachableEndpointFailsQuickly() throws {
        let sandbox = try Sandbox()
        let started = Date()
        let run = try sandbox.impt("auth", "login", "-e", "http://127.0.0.1:9/v5", "-u", "demo", "-w", "x")
        #expect(run.stdout == "Error: Access to impCentral failed or timed out. Please check your network connection.\nIMPT COMMAND FAILS\n")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(try sandbox.impt("auth", "login", "-e", "http://127.0.0.1:9/v5", "-u", "demo", "-w", "x", "-z", "json").stdout
            == "{\n  \"Error\": \"Access to impCentral failed or timed out. Please check your network connection.\"\n}\n")
    }

    /// impt only speaks HTTP(S): any other scheme in an endpoint is refused by the transport
    /// itself, before anything is read or sent, and the auth file stays as it was.
    @Test(arguments: ["file:///etc/hostname", "ftp://127.0.0.1:9/v5", "scp://127.0.0.1:9/v5"])
    func nonHTTPEndpointsAreRefused(endpoint: String) throws {
        let sandbox = try Sandbox()
        let run = try sandbox.impt("auth", "login", "-e", endpoint, "-u", "demo", "-w", "x", "-z", "debug")
        let scheme = String(endpoint.prefix { $0 != ":" })
        #expect(run.status == 1)
        #expect(run.stdout.contains("Protocol \"\(scheme)\" not supported or disabled in libcurl"), "\(run)")
        #expect(run.stdout.hasSuffix("Error: Access to impCentral failed or timed out. Please check your network connection.\nIMPT COMMAND FAILS\n"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.globalAuthFile.path))
    }

    @Test func logout() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        #expect(try sandbox.impt("auth", "logout").stdout == "Error: Global Auth File is not found.\nIMPT COMMAND FAILS\n")
        #expect(try sandbox.impt("auth", "logout", "--local").stdout == "Error: Local Auth File is not found.\nIMPT COMMAND FAILS\n")
        try sandbox.login(sim)
        try sandbox.login(sim, local: true)
        #expect(try sandbox.impt("auth", "logout", "-l").stdout == "Local logout is successful.\nIMPT COMMAND SUCCEEDS\n")
        #expect(FileManager.default.fileExists(atPath: sandbox.globalAuthFile.path))
        #expect(try sandbox.impt("auth", "logout").stdout == "Global logout is successful.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try sandbox.impt("auth", "logout", "-z", "json").stdout == "{\n  \"Error\": \"Global Auth File is not found.\"\n}\n")
    }

    @Test func infoDescribesTheContext() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        let run = try sandbox.impt("auth", "info")
        #expect(run.lines.count == 9)
        #expect(Array(run.lines.prefix(6)) == [
            "Auth: ", "  Auth type:                 Global Auth file", "  impCentral API endpoint:   \(sim.baseURL)",
            "  Access token auto refresh: true", "  Login method:              User/Password", "  Username:                  demo",
        ])
        #expect(run.lines[6] == "  Email:                     demo@example.com")
        #expect(run.lines[7].hasPrefix("  Account id:                "))
        let minimal = try sandbox.impt("auth", "info", "-z", "minimal")
        #expect(minimal.lines.count == 8 && minimal.lines[0] == "Auth: ")
        let json = try #require(try sandbox.impt("auth", "info", "-z", "json").json as? [String: [String: Any]])
        #expect(json["Auth"]?["Access token auto refresh"] as? Bool == true)
        try sandbox.impt("auth", "login", "-q", "-e", sim.baseURL, "-u", "demo", "-w", "demo-password", "-t")
        let temporary = try sandbox.impt("auth", "info")
        #expect(temporary.stdout.contains("  Access token auto refresh: false\n  Access token:              expires in "))
        #expect(!temporary.stdout.contains("Login method"))
    }

    @Test func notLoggedIn() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.impt("auth", "info").stdout == "Error: You are not logged in.\nIMPT COMMAND FAILS\n")
        #expect(try sandbox.impt("product", "list").stdout == "Error: You are not logged in.\nIMPT COMMAND FAILS\n")
    }

    @Test func corruptedAuthFile() throws {
        let sandbox = try Sandbox()
        try Data("{not json".utf8).write(to: sandbox.globalAuthFile)
        #expect(try sandbox.impt("product", "list").stdout
            == "Error: Global Auth File is corrupted.\nPlease relogin using \"impt auth login\" command and then try again.\nIMPT COMMAND FAILS\n")
        try Data(#"{"accessToken": "x"}"#.utf8).write(to: sandbox.localAuthFile)
        #expect(try sandbox.impt("auth", "info").stdout
            == "Error: Local Auth File is corrupted.\nPlease relogin using \"impt auth login --local\" command and then try again.\nIMPT COMMAND FAILS\n")
    }
}

/// The execution-context order holds for every command of every group.
@Suite(.inProcess) struct AuthContextTests {
    func authType(_ sandbox: Sandbox, environment: [String: String] = [:]) throws -> String? {
        let run = try sandbox.impt(["auth", "info", "-z", "json"], environment: environment)
        return ((run.json as? [String: [String: Any]])?["Auth"]?["Auth type"]) as? String
    }

    @Test func contextsAreChosenInTheOriginalOrder() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator.team(sandbox: sandbox)
        let elsewhere = sandbox.root.appendingPathComponent("shared-auth")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let keyEnvironment = ["IMPT_LOGINKEY": Seeds.loginKey, "IMPT_ENDPOINT": sim.baseURL]

        try sandbox.login(sim)
        #expect(try authType(sandbox) == "Global Auth file")
        #expect(try authType(sandbox, environment: keyEnvironment) == "Environment variables")
        #expect(try authType(sandbox, environment: ["IMPT_USER": "bob", "IMPT_PASSWORD": "bob-password", "IMPT_ENDPOINT": sim.baseURL])
            == "Environment variables")
        // IMPT_AUTH_FILE_PATH wins over the variables, and fails clearly when the file is missing.
        #expect(try sandbox.impt(["auth", "info"], environment: ["IMPT_AUTH_FILE_PATH": elsewhere.path]).stdout
            == "Auth: \n  Auth type:                 Auth file path: \(elsewhere.path)\n"
            + "  impCentral API endpoint:   https://api.electricimp.com/v5\n  Access token auto refresh: false\n"
            + "Error: Auth File is not found.\nIMPT COMMAND FAILS\n")
        try FileManager.default.copyItem(at: sandbox.globalAuthFile, to: elsewhere.appendingPathComponent(".impt.auth"))
        #expect(try authType(sandbox, environment: keyEnvironment.merging(["IMPT_AUTH_FILE_PATH": elsewhere.path]) { $1 })
            == "Auth file path: \(elsewhere.path)")
        // The local file wins over everything.
        try sandbox.login(sim, user: "bob", password: "bob-password", local: true)
        #expect(try authType(sandbox, environment: keyEnvironment.merging(["IMPT_AUTH_FILE_PATH": elsewhere.path]) { $1 })
            == "Local Auth file")
        // ... for other groups too: bob's products are listed from the local context.
        try sandbox.impt("product", "create", "-n", "BobsProduct")
        let list = try sandbox.impt(["product", "list", "-z", "json"], environment: keyEnvironment)
        #expect(list.stdout.contains("BobsProduct"))
        // A subdirectory does not inherit the local file.
        let sub = sandbox.work.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        #expect(try sandbox.impt(["product", "list", "-z", "json"], in: sub).stdout == "[]\n")
    }

    @Test func environmentUserIsAskedForItsPassword() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator.team(sandbox: sandbox)
        let run = try sandbox.impt(["product", "list"], stdin: "demo-password\n",
                                   environment: ["IMPT_USER": "demo", "IMPT_ENDPOINT": sim.baseURL])
        #expect(run.stdout == "Enter password: \nNo Products are found.\nIMPT COMMAND SUCCEEDS\n", "\(run)")
        let twoFactor = try sandbox.impt(["auth", "info", "-z", "minimal"], stdin: "\(Seeds.otp)\n",
                                         environment: ["IMPT_USER": "alice", "IMPT_PASSWORD": "alice-password", "IMPT_ENDPOINT": sim.baseURL])
        #expect(twoFactor.stdout.contains("Enter one-time password: \nAuth: \n"), "\(twoFactor)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.globalAuthFile.path), "environment logins store nothing")
    }
}

/// Access tokens are renewed by refresh token or login key, and never with --temp.
@Suite(.inProcess) struct TokenRefreshTests {
    @Test func expiringTokensAreRefreshedAndSaved() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator.team(["--token-lifetime", "120"], sandbox: sandbox)
        try sandbox.login(sim)
        let first = try sandbox.authFile(sandbox.globalAuthFile)
        // Less than three minutes left: the next command renews the token first.
        #expect(try sandbox.impt("product", "list").status == 0)
        let second = try sandbox.authFile(sandbox.globalAuthFile)
        #expect(second["accessToken"] != first["accessToken"])
        #expect(second["refreshToken"] == first["refreshToken"])
        try sandbox.impt("auth", "login", "-q", "-e", sim.baseURL, "-k", Seeds.loginKey)
        let keyed = try sandbox.authFile(sandbox.globalAuthFile)
        #expect(try sandbox.impt("product", "list").status == 0)
        #expect(try sandbox.authFile(sandbox.globalAuthFile)["accessToken"] != keyed["accessToken"])
    }

    @Test func rejectedTokensAreRenewedOnceAndRetried() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        var file = try sandbox.authFile(sandbox.globalAuthFile)
        file["accessToken"] = "revoked-token"
        try JSONSerialization.data(withJSONObject: file).write(to: sandbox.globalAuthFile)
        let run = try sandbox.impt("product", "create", "-n", "AfterRenewal")
        #expect(run.status == 0, "\(run)")
        #expect(try sandbox.authFile(sandbox.globalAuthFile)["accessToken"] != "revoked-token")
    }

    @Test func temporaryLoginsExpire() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator(["--demo", "--token-lifetime", "1"])
        try sandbox.impt("auth", "login", "-e", sim.baseURL, "-u", "demo", "-w", "demo-password", "--temp")
        let run = try sandbox.impt("product", "list")
        #expect(run.stdout == """
            Error: Access token is expired for the Global Auth File. Information required to refresh access token is not saved.
            Please relogin using "impt auth login" command and then try again.
            IMPT COMMAND FAILS

            """)
        // Real time is what is tested: impt compares the token's expiry with its own clock.
        Thread.sleep(forTimeInterval: 1.2)
        let info = try sandbox.impt("auth", "info")
        #expect(info.stdout.contains("  Access token auto refresh: false\n  Access token:              expired\n"), "\(info)")
        #expect(!info.stdout.contains("Username"))
    }

    @Test func unknownRefreshTokensCannotBeRefreshed() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim, local: true)
        var file = try sandbox.authFile(sandbox.localAuthFile)
        file["refreshToken"] = String(repeating: "0", count: 64)
        file["expiresAt"] = "2000-01-01T00:00:00.000Z"
        try JSONSerialization.data(withJSONObject: file).write(to: sandbox.localAuthFile)
        #expect(try sandbox.impt("product", "list").stdout == """
            Error: Impossible to refresh access token for the Local Auth File.
            Please relogin using "impt auth login --local" command and then try again.
            IMPT COMMAND FAILS

            """)
    }
}
