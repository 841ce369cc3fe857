import Foundation
import GRDB
import Synchronization

/// The database: a GRDB `DatabasePool` in WAL mode plus a write-generation counter.
///
/// Every write runs in one transaction (GRDB's `write`), and a request is acknowledged only
/// after that transaction has committed. Resource writes bump `generation`, which invalidates
/// the response cache; log and webhook-delivery writes do not, because they change no resource.
public final class Store: Sendable {
    let pool: DatabasePool
    private let generationCounter = Atomic<Int>(0)
    private let checkpointer: IdleCheckpointer

    /// Opens (creating if needed) `<directory>/impcentral.sqlite` and applies migrations.
    ///
    /// Not optimised: Swift 6.3.1's release build crashes in this initialiser ("Found ownership
    /// error", SIL CopyPropagation) since the web console joined the module. It runs once, at
    /// start-up.
    @_optimize(none)
    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.label = "impcentral-sim"
        configuration.busyMode = .timeout(10)
        let path = (directory as NSString).appendingPathComponent("impcentral.sqlite")
        pool = try DatabasePool(path: path, configuration: configuration)
        // A commit is written to the log before the request is answered, so it survives a kill
        // of the simulator. The simulator does not wait for the disk (no fsync, neither in
        // commits nor in checkpoints): a local test server trades safety against power loss for
        // requests carrying megabytes of code that never stall on the file system (syncing made
        // every other deployment wait 15-30 ms). Set on the one writer connection, after GRDB
        // has set up WAL mode (which sets NORMAL).
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
        checkpointer = try IdleCheckpointer(pool: pool)
        try Schema.migrator().migrate(pool)
    }

    /// Current write generation.
    var generation: Int { generationCounter.load(ordering: .acquiring) }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.read(body)
    }

    /// A resource write in one transaction; bumps the generation after the commit.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            let result = try await pool.write(body)
            generationCounter.add(1, ordering: .releasing)
            checkpointer.noteWrite()
            return result
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            // Validation runs first inside the same serialized transaction; this is a backstop.
            throw APIError(409, "Duplicate Resource", "The resource conflicts with an existing one.", code: "CX000")
        }
    }

    /// A resource write whose body receives a creation/update timestamp taken inside the
    /// serialized write transaction, so that timestamp order always equals commit order.
    func write<T: Sendable>(
        stampedBy clock: MonotonicClock, _ body: @escaping @Sendable (Database, Int64) throws -> T
    ) async throws -> T {
        try await write { db in try body(db, clock.next()) }
    }

    /// A write that changes no API resource (log entries, webhook deliveries).
    func writeQuietly<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let result = try await pool.write(body)
        checkpointer.noteWrite()
        return result
    }

    /// Synchronous write used during start-up (seeding).
    func writeSync<T>(_ body: (Database) throws -> T) throws -> T {
        let result = try pool.write(body)
        generationCounter.add(1, ordering: .releasing)
        checkpointer.noteWrite()
        return result
    }

    func readSync<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    func bumpGeneration() {
        generationCounter.add(1, ordering: .releasing)
    }

    /// Checkpoints the WAL and closes the database.
    public func close() {
        checkpointer.stop()
        _ = try? pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        try? pool.close()
    }
}
