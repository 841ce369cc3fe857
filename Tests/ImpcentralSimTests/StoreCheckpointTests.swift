import Foundation
import Testing
@testable import ImpcentralSim

/// Commits only append to the write-ahead log; the log reaches the database file once writes
/// pause.
@Suite struct StoreCheckpointTests {
    static func databaseSize(_ directory: String) -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/impcentral.sqlite")
        return (attributes?[.size] as? Int) ?? 0
    }

    @Test func aPauseCopiesTheLogIntoTheDatabaseFile() async throws {
        let directory = NSTemporaryDirectory() + "impt-store-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try Store(directory: directory)
        defer { store.close() }
        let before = Self.databaseSize(directory)
        let text = String(repeating: "// a megabyte of code\n", count: 50_000)
        try await store.write { db in
            try db.execute(sql: "CREATE TABLE scratch (code TEXT)")
            try db.execute(sql: "INSERT INTO scratch (code) VALUES (?)", arguments: [text])
        }
        // Right after the commit the code is in the log only.
        #expect(Self.databaseSize(directory) < before + 500_000)
        var size = 0
        // Real time is what is tested: the checkpoint runs once writes have paused for 250 ms.
        for _ in 0..<40 where size < before + 1_000_000 {
            try await Task.sleep(for: .milliseconds(50))
            size = Self.databaseSize(directory)
        }
        #expect(size >= before + 1_000_000)
        let stored = try await store.read { db in try String.fetchOne(db, sql: "SELECT code FROM scratch") }
        #expect(stored == text)
    }
}
