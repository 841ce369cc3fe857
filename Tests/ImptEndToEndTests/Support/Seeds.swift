import Foundation

/// Seed files for the simulator.
enum Seeds {
    static let loginKey = "a1b2c3d4e5f6a7b8"
    static let otp = "424242"

    /// demo (with a login key), alice (two-factor), bob (collaborates on alice's products).
    static var team: [String: Any] { [
        "accounts": [
            ["username": "demo", "email": "demo@example.com", "password": "demo-password",
             "login_keys": [["id": loginKey, "description": "test key"]],
             "devices": [["name": "bench-device", "mac_address": "0c:2a:69:00:00:01", "imp_type": "imp001", "online": true]]],
            ["username": "alice", "email": "alice@example.com", "password": "alice-password", "otp": otp],
            ["username": "bob", "email": "bob@example.com", "password": "bob-password"],
        ],
        "collaborators": [["owner": "alice", "collaborator": "bob"]],
    ] }

    static func write(_ seed: [String: Any], in directory: URL) throws -> URL {
        let file = directory.appendingPathComponent("seed-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: seed).write(to: file)
        return file
    }
}

extension Simulator {
    /// A simulator seeded with `Seeds.team`.
    static func team(_ flags: [String] = [], sandbox: Sandbox) throws -> Simulator {
        try Simulator(["--seed", try Seeds.write(Seeds.team, in: sandbox.root).path] + flags)
    }
}

extension Run {
    /// stdout parsed as JSON.
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
}

extension Sandbox {
    var globalAuthFile: URL { home.appendingPathComponent(".impt.auth") }
    var localAuthFile: URL { work.appendingPathComponent(".impt.auth") }

    func authFile(_ url: URL) throws -> [String: String] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: String] ?? [:]
    }
}
