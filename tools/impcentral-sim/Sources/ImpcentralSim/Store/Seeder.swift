import Foundation
import GRDB

/// Seeds accounts, collaborators, login keys and devices from a seed document.
///
/// Seeding is idempotent: ids that the seed does not fix are derived from the seed content
/// (SHA-256 of the username and position), and anything that already exists is left alone, so
/// restarting with the same `--seed` / `--demo` never duplicates records.
enum Seeder {
    struct SeedError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// The `--demo` seed.
    static var demo: JSONValue {
        func device(_ n: Int, online: Bool) -> JSONValue {
            .object([
                JSONMember("name", .string("demo-device-\(n)")),
                JSONMember("imp_type", .string("imp001")),
                JSONMember("online", .bool(online)),
            ])
        }
        return .object([
            JSONMember("accounts", .array([
                .object([
                    JSONMember("username", .string("demo")),
                    JSONMember("email", .string("demo@example.com")),
                    JSONMember("password", .string("demo-password")),
                    JSONMember("devices", .array([
                        device(1, online: true), device(2, online: true), device(3, online: true),
                        device(4, online: false),
                    ])),
                ])
            ])),
        ])
    }

    static func load(file: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw SeedError(message: "cannot read seed file \(file)")
        }
        do {
            return try JSONParser.parse(Array(data))
        } catch {
            throw SeedError(message: "seed file \(file) is not valid JSON: \(error)")
        }
    }

    private static func hashHex(_ text: String) -> String {
        SHA256Digest.hex(of: Array(text.utf8))
    }

    private static func derivedResourceID(_ text: String) -> String {
        let h = Array(hashHex(text).utf8)
        func part(_ range: Range<Int>) -> String { String(decoding: h[range], as: UTF8.self) }
        return [part(0..<8), part(8..<12), part(12..<16), part(16..<20), part(20..<32)].joined(separator: "-")
    }

    private static func derivedLoginKey(_ text: String) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        let h = Array(hashHex(text).utf8)
        var out: [UInt8] = []
        for i in 0..<16 {
            let value = Int(h[i * 2]) &* 31 &+ Int(h[i * 2 + 1])
            out.append(alphabet[value % alphabet.count])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func string(_ value: JSONValue, _ key: String, required: Bool, context: String) throws -> String? {
        guard let v = value[key], !v.isNull else {
            if required { throw SeedError(message: "\(context): '\(key)' is required") }
            return nil
        }
        guard let s = v.stringValue else { throw SeedError(message: "\(context): '\(key)' must be a string") }
        return s
    }

    /// Applies a seed document in one transaction.
    static func apply(_ seed: JSONValue, to store: Store, clock: MonotonicClock) throws {
        guard seed.objectMembers != nil else { throw SeedError(message: "the seed must be a JSON object") }
        for member in seed.objectMembers! where member.key != "accounts" && member.key != "collaborators" {
            throw SeedError(message: "unknown seed member '\(member.key)'")
        }
        let accounts = seed["accounts"]?.arrayValue ?? []
        let collaborators = seed["collaborators"]?.arrayValue ?? []
        if seed["accounts"] != nil && seed["accounts"]?.arrayValue == nil {
            throw SeedError(message: "'accounts' must be an array")
        }
        if seed["collaborators"] != nil && seed["collaborators"]?.arrayValue == nil {
            throw SeedError(message: "'collaborators' must be an array")
        }
        try store.writeSync { db in
            for (index, account) in accounts.enumerated() {
                let context = "accounts[\(index)]"
                guard account.objectMembers != nil else { throw SeedError(message: "\(context) must be an object") }
                let username = try string(account, "username", required: true, context: context)!
                let email = try string(account, "email", required: false, context: context) ?? "\(username)@example.com"
                let password = try string(account, "password", required: true, context: context)!
                let otp = try string(account, "otp", required: false, context: context)
                var accountID = try string(account, "id", required: false, context: context)
                    ?? derivedResourceID("account:" + username)
                accountID = accountID.lowercased()
                if let existing = try String.fetchOne(
                    db, sql: "SELECT id FROM accounts WHERE username = ?", arguments: [username]) {
                    accountID = existing
                } else {
                    guard try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM accounts WHERE id = ? OR email = ?)",
                        arguments: [accountID, email]) == false
                    else { throw SeedError(message: "\(context): account id or email already used by another account") }
                    try db.execute(
                        sql: "INSERT INTO accounts (id, username, email, password, otp, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                        arguments: [accountID, username, email, password, otp, clock.next()])
                }
                for (keyIndex, key) in (account["login_keys"]?.arrayValue ?? []).enumerated() {
                    let keyContext = "\(context).login_keys[\(keyIndex)]"
                    let description = try string(key, "description", required: false, context: keyContext) ?? ""
                    let keyID = try string(key, "id", required: false, context: keyContext)?.lowercased()
                        ?? derivedLoginKey("login_key:\(username):\(keyIndex)")
                    guard Identifiers.isLoginKey(keyID) else {
                        throw SeedError(message: "\(keyContext): 'id' must be 16 lowercase letters or digits")
                    }
                    if try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM login_keys WHERE id = ?)", arguments: [keyID]) == true {
                        continue
                    }
                    let now = clock.next()
                    try db.execute(
                        sql: """
                            INSERT INTO login_keys (id, account_id, description, usages, created_at, updated_at) \
                            VALUES (?, ?, ?, 0, ?, ?)
                            """,
                        arguments: [keyID, accountID, description, now, now])
                }
                for (deviceIndex, device) in (account["devices"]?.arrayValue ?? []).enumerated() {
                    let deviceContext = "\(context).devices[\(deviceIndex)]"
                    var spec: DeviceFactory.Spec
                    do {
                        spec = try DeviceFactory.spec(from: device)
                    } catch let error as APIError {
                        throw SeedError(message: "\(deviceContext): \(error.entries[0].detail)")
                    }
                    let seedKey = "device:\(username):\(deviceIndex):\(spec.name ?? "")"
                    let hash = hashHex(seedKey)
                    if spec.id == nil { spec.id = String(hash.prefix(16)) }
                    if spec.macAddress == nil {
                        let tail = Array(hash.suffix(6).utf8)
                        spec.macAddress = "0c:2a:69:" + stride(from: 0, to: 6, by: 2).map {
                            String(decoding: tail[$0..<$0 + 2], as: UTF8.self)
                        }.joined(separator: ":")
                    }
                    let mac = Identifiers.normalizedMAC(spec.macAddress!) ?? spec.macAddress!
                    if try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM devices WHERE id = ? OR mac_address = ?)",
                        arguments: [spec.id!.lowercased(), mac]) == true {
                        continue
                    }
                    do {
                        _ = try DeviceFactory.insert(db, ownerID: accountID, spec: spec, now: clock.next())
                    } catch let error as APIError {
                        throw SeedError(message: "\(deviceContext): \(error.entries[0].detail)")
                    }
                }
            }
            for (index, pair) in collaborators.enumerated() {
                let context = "collaborators[\(index)]"
                let owner = try string(pair, "owner", required: true, context: context)!
                let collaborator = try string(pair, "collaborator", required: true, context: context)!
                func accountID(_ name: String) throws -> String {
                    guard let id = try String.fetchOne(
                        db, sql: "SELECT id FROM accounts WHERE username = ? OR email = ? OR id = ?",
                        arguments: [name, name, name])
                    else { throw SeedError(message: "\(context): unknown account '\(name)'") }
                    return id
                }
                try db.execute(
                    sql: "INSERT OR IGNORE INTO collaborators (owner_id, collaborator_id) VALUES (?, ?)",
                    arguments: [try accountID(owner), try accountID(collaborator)])
            }
        }
    }
}
