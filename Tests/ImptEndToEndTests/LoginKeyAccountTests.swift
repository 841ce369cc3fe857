import Foundation
import Testing

/// `impt loginkey` and `impt account`: every command in every output mode, logging in with a key
/// made by `loginkey create`, and login keys kept out of debug output and error messages.
@Suite(.inProcess) struct LoginKeyAccountTests {
    /// A logged-in sandbox.
    final class World {
        let sandbox: Sandbox
        let sim: Simulator

        init(team: Bool = false) throws {
            sandbox = try Sandbox()
            sim = team ? try Simulator.team(sandbox: sandbox) : try Simulator()
            try sandbox.login(sim, user: team ? "bob" : "demo", password: team ? "bob-password" : "demo-password")
        }

        @discardableResult
        func impt(_ arguments: String..., input: String? = nil, environment: [String: String] = [:]) throws -> Run {
            try sandbox.impt(arguments, stdin: input, environment: environment)
        }

        /// Creates a key and returns it.
        func createKey(_ description: String = "station") throws -> String {
            let run = try impt("loginkey", "create", "--pwd", "demo-password", "--descr", description, "-z", "json")
            return try #require(((run.json as? [String: [String: Any]])?["Login Key"]?["id"]) as? String, "\(run)")
        }
    }

    static func looksLikeAKey(_ text: String) -> Bool {
        text.count == 16 && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
    }

    @Test func createInEveryOutputMode() throws {
        let world = try World()
        let run = try world.impt("loginkey", "create", "--pwd", "demo-password", "--descr", "line 1")
        #expect(run.status == 0, "\(run)")
        let key = String(run.lines[0].dropFirst("Login Key \"".count).prefix(16))
        #expect(Self.looksLikeAKey(key), "\(run)")
        #expect(run.lines == [
            "Login Key \"\(key)\" is created successfully.", "Login Key: ", "  id:          \(key)", "  description: line 1",
            "  usages:      0", "IMPT COMMAND SUCCEEDS",
        ])
        let minimal = try world.impt("loginkey", "create", "-w", "demo-password", "-z", "minimal")
        #expect(minimal.lines.count == 3 && minimal.lines[0] == "Login Key: " && minimal.lines[1].hasPrefix("  id: "), "\(minimal)")
        let json = try world.impt("loginkey", "create", "-w", "demo-password", "-s", "", "-z", "json")
        let created = try #require((json.json as? [String: [String: Any]])?["Login Key"], "\(json)")
        #expect(Set(created.keys) == ["id", "usages"], "an empty description is left out of short data")
        // The password is asked for (hidden) when --pwd is absent; the key is kept out of the trace.
        let debug = try world.impt("loginkey", "create", "-s", "asked", "-z", "debug", input: "demo-password\n")
        #expect(debug.status == 0, "\(debug)")
        let asked = String(try #require(debug.lines.first { $0.hasPrefix("Login Key \"") }).dropFirst(11).prefix(16))
        #expect(debug.stdout.contains("\"X-Electricimp-Password\": \"[hidden]\"") && !debug.stdout.contains("demo-password"))
        #expect(debug.stdout.components(separatedBy: asked).count == 3, "only the success line and the result name the key: \(debug)")
        #expect(debug.stdout.contains("\"id\": \"[hidden]\""))

        let wrong = try world.impt("loginkey", "create", "--pwd", "wrong")
        #expect(wrong.status == 1 && wrong.stdout.hasPrefix("Error: Invalid Password: "), "\(wrong)")
    }

    @Test func listInfoUpdateInEveryOutputMode() throws {
        let world = try World()
        #expect(try world.impt("loginkey", "list").stdout == "No Login Keys are found.\nIMPT COMMAND SUCCEEDS\n")
        #expect(try world.impt("loginkey", "list", "-z", "json").stdout == "[]\n")
        let key = try world.createKey("first")
        _ = try world.createKey("second")
        let list = try world.impt("loginkey", "list")
        #expect(list.lines.first == "Login Key list (2 items):")
        #expect(list.stdout.contains("Login Key: \n  id:          \(key)\n  description: first\n  usages:      0\n"), "\(list)")
        let listed = try world.impt("loginkey", "list", "-z", "json")
        #expect((listed.json as? [[String: [String: Any]]])?.compactMap { $0["Login Key"]?["description"] as? String } == ["first", "second"])
        #expect(try world.impt("loginkey", "list", "-z", "minimal").lines.first == "Login Key: ")

        let info = try world.impt("loginkey", "info", "--lk", key)
        #expect(info.lines.prefix(5) == ["Login Key: ", "  id:          \(key)", "  description: first", "  usages:      0"]
            + [info.lines[4]])
        #expect(info.lines[4].hasPrefix("  created_at:  ") && info.lines.last == "IMPT COMMAND SUCCEEDS", "\(info)")
        let infoJSON = try world.impt("loginkey", "info", "-k", key, "-z", "json")
        #expect(((infoJSON.json as? [String: [String: Any]])?["Login Key"]?["usages"]) as? Int == 0)

        let update = try world.impt("loginkey", "update", "--lk", key, "--descr", "renamed", "--pwd", "demo-password")
        #expect(update.stdout == "Login Key \"\(key)\" is updated successfully.\nIMPT COMMAND SUCCEEDS\n", "\(update)")
        let updateJSON = try world.impt("loginkey", "update", "-k", key, "-s", "", "-w", "demo-password", "-z", "json")
        #expect(updateJSON.stdout == "{}\n", "\(updateJSON)")
        let asked = try world.impt("loginkey", "update", "-k", key, "-s", "asked", input: "demo-password\n")
        #expect(asked.status == 0 && asked.stdout.hasPrefix("Enter password: "), "\(asked)")
        #expect(try world.impt("loginkey", "info", "-k", key, "-z", "json").stdout.contains("\"description\": \"asked\""))

        let missing = try world.impt("loginkey", "update", "--lk", key, "--pwd", "demo-password")
        #expect(missing.status == 1 && missing.stdout.contains("Missing required argument: descr"), "\(missing)")
    }

    @Test func unknownKeysAreNeverEchoed() throws {
        let world = try World()
        let guess = "abcdefgh12345678"
        for arguments in [["loginkey", "info", "--lk", guess], ["loginkey", "delete", "--lk", guess, "-q", "-w", "demo-password"],
                          ["loginkey", "update", "--lk", guess, "-s", "x", "-w", "demo-password"]] {
            let run = try world.sandbox.impt(arguments)
            #expect(run.status == 1 && run.stdout == "Error: Login Key \"[hidden]\" is not found.\nIMPT COMMAND FAILS\n", "\(run)")
            let debug = try world.sandbox.impt(arguments + ["-z", "debug"])
            #expect(!debug.stdout.contains(guess) && !debug.stderr.contains(guess), "\(debug)")
        }
        let login = try world.impt("auth", "login", "--endpoint", world.sim.baseURL, "--lk", guess, "-q")
        #expect(login.stdout == "Error: Login Key \"[hidden]\" is not found.\nIMPT COMMAND FAILS\n", "\(login)")
    }

    @Test func deleteAsksThenAsksForThePassword() throws {
        let world = try World()
        let key = try world.createKey()
        let refused = try world.impt("loginkey", "delete", "--lk", key, input: "n\n")
        #expect(refused.status == 1 && refused.stdout.contains("The following entities will be deleted:\nLogin Key: \n  id:          \(key)\n"))
        #expect(!refused.stdout.contains("Enter password"), "the password is asked for only after the confirmation")
        let deleted = try world.impt("loginkey", "delete", "--lk", key, input: "y\ndemo-password\n")
        #expect(deleted.status == 0, "\(deleted)")
        let question = try #require(deleted.stdout.range(of: "Enter 'y' (yes) or 'n' (no): "), "\(deleted)")
        let password = try #require(deleted.stdout.range(of: "Enter password: "), "\(deleted)")
        #expect(question.upperBound <= password.lowerBound, "the password is asked for after the confirmation")
        #expect(deleted.stdout.hasSuffix("Login Key \"\(key)\" is deleted successfully.\nIMPT COMMAND SUCCEEDS\n"), "\(deleted)")

        let other = try world.createKey()
        let wrong = try world.impt("loginkey", "delete", "--lk", other, "--pwd", "wrong", "-q")
        #expect(wrong.status == 1 && wrong.stdout.hasPrefix("Error: Invalid Password: "), "\(wrong)")
        let json = try world.impt("loginkey", "delete", "-k", other, "-w", "demo-password", "-q", "-z", "json")
        #expect(json.stdout == "{}\n", "\(json)")
        #expect(try world.impt("loginkey", "list", "-z", "json").stdout == "[]\n")
    }

    /// A key made by `loginkey create` logs in, through the auth file and through IMPT_LOGINKEY.
    @Test func aCreatedKeyLogsIn() throws {
        let world = try World()
        let key = try world.createKey("ci")
        let login = try world.impt("auth", "login", "--endpoint", world.sim.baseURL, "--lk", key, "-q")
        #expect(login.stdout == "Global login is successful.\nIMPT COMMAND SUCCEEDS\n", "\(login)")
        let info = try world.impt("auth", "info")
        #expect(info.stdout.contains("  Login method:              Login Key\n"), "\(info)")
        #expect(!info.stdout.contains(key))
        #expect(try world.impt("product", "list").status == 0)

        try FileManager.default.removeItem(at: world.sandbox.globalAuthFile)
        let environment = ["IMPT_LOGINKEY": key, "IMPT_ENDPOINT": world.sim.baseURL]
        let fromEnvironment = try world.impt("account", "info", "-z", "json", environment: environment)
        #expect(((fromEnvironment.json as? [String: [String: Any]])?["Account"]?["username"]) as? String == "demo", "\(fromEnvironment)")
        let debug = try world.impt("product", "list", "-z", "debug", environment: environment)
        #expect(debug.status == 0 && !debug.stdout.contains(key), "\(debug)")
        let usages = try world.impt("loginkey", "info", "--lk", key, "-z", "json", environment: environment)
        #expect((((usages.json as? [String: [String: Any]])?["Login Key"]?["usages"]) as? Int ?? 0) >= 2, "\(usages)")
    }

    @Test func accountInfoAndListInEveryOutputMode() throws {
        let world = try World(team: true)
        let me = try world.impt("account", "info")
        #expect(me.lines.first == "Account: " && me.stdout.contains("  username: bob\n") && me.lines.last == "IMPT COMMAND SUCCEEDS", "\(me)")
        let json = try world.impt("account", "info", "-z", "json")
        let account = try #require((json.json as? [String: [String: Any]])?["Account"], "\(json)")
        #expect(account["username"] as? String == "bob" && account["email"] as? String == "bob@example.com")
        let id = try #require(account["id"] as? String)
        for identifier in [id, "bob", "bob@example.com", "me"] {
            let run = try world.impt("account", "info", "--user", identifier, "-z", "json")
            #expect(((run.json as? [String: [String: Any]])?["Account"]?["id"]) as? String == id, "\(identifier): \(run)")
        }
        let alice = try world.impt("account", "info", "-u", "alice@example.com", "-z", "minimal")
        #expect(alice.lines.first == "Account: " && alice.stdout.contains("  username: alice\n"), "\(alice)")
        let unknown = try world.impt("account", "info", "-u", "nobody")
        #expect(unknown.stdout == "Error: Account \"nobody\" is not found.\nIMPT COMMAND FAILS\n")

        let list = try world.impt("account", "list")
        #expect(list.lines.first == "Account list (2 items):", "\(list)")
        #expect(list.stdout.contains("  email:    alice@example.com\n  username: alice\n"), "\(list)")
        let listJSON = try world.impt("account", "list", "-z", "json")
        #expect((listJSON.json as? [[String: [String: Any]]])?.compactMap { $0["Account"]?["username"] as? String }.sorted()
            == ["alice", "bob"])
        let debug = try world.impt("account", "list", "-z", "debug")
        #expect(debug.stdout.hasPrefix("Doing the request with options:\n") && debug.stdout.contains("/v5/accounts"))
        #expect(try world.impt("account", "list", "-z", "minimal").stdout.hasPrefix("Account: \n"))
    }

    @Test func usageLinesMatchTheOriginal() throws {
        let sandbox = try Sandbox()
        let expected = [
            ["loginkey", "create"]: "Usage: impt loginkey create [--pwd <password>] [--descr <login_key_description>] [--output <mode>] [--help]",
            ["loginkey", "delete"]: "Usage: impt loginkey delete --lk <login_key_id> [--pwd <password>] [--confirmed] [--output <mode>] [--help]",
            ["loginkey", "info"]: "Usage: impt loginkey info --lk <login_key_id> [--output <mode>] [--help]",
            ["loginkey", "list"]: "Usage: impt loginkey list [--output <mode>] [--help]",
            ["loginkey", "update"]: "Usage: impt loginkey update --lk <login_key_id> [--pwd <password>] --descr <login_key_description> [--output <mode>] [--help]",
            ["account", "info"]: "Usage: impt account info [--user <ACCOUNT_IDENTIFIER>] [--output <mode>] [--help]",
            ["account", "list"]: "Usage: impt account list [--output <mode>] [--help]",
        ]
        for (command, usage) in expected {
            let help = try sandbox.impt(command + ["--help"])
            #expect(help.lines.dropFirst().first == usage, "\(command): \(help)")
        }
        let root = try sandbox.impt("--help")
        #expect(root.stdout.contains("  impt account     Account information commands.\n"))
        #expect(root.stdout.contains("  impt loginkey    Login Key manipulation commands.\n"))
    }
}
