import Dispatch
import GRDB
import Synchronization

/// Copies the write-ahead log into the database file once writes pause.
///
/// SQLite otherwise checkpoints inside the commit that crosses its threshold: with deployments
/// of megabytes, every other deployment request spent 10 ms and more writing the database file.
/// Here commits only append to the log; when no write has come for `quiet`, a PASSIVE checkpoint
/// runs through the writer connection, so it never contends with a commit for SQLite's locks.
/// Should writes never pause, SQLite's own checkpoint still runs once the log passes
/// `backstopPages`.
final class IdleCheckpointer: Sendable {
    /// How long writes must pause before the log is copied.
    static let quiet = Duration.milliseconds(250)
    /// The log size (4 KiB pages: 256 MiB) at which a commit checkpoints by itself.
    static let backstopPages = 65_536
    /// The size the log file is cut back to after a checkpoint lets it restart (64 MiB).
    static let logFileLimitBytes = 67_108_864

    private struct State {
        var lastWrite: ContinuousClock.Instant
        var waiting = false
    }

    private let pool: DatabasePool
    private let state = Mutex(State(lastWrite: .now))
    /// True once the store closes; held while a checkpoint runs, so closing waits for it.
    private let closed = Mutex(false)

    init(pool: DatabasePool) throws {
        self.pool = pool
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.backstopPages)")
            try db.execute(sql: "PRAGMA journal_size_limit = \(Self.logFileLimitBytes)")
        }
    }

    /// Called after every commit: starts waiting for a pause unless already waiting.
    func noteWrite() {
        let start = state.withLock { state -> Bool in
            state.lastWrite = .now
            guard !state.waiting else { return false }
            state.waiting = true
            return true
        }
        if start {
            Task.detached(priority: .utility) { [self] in await checkpointWhenQuiet() }
        }
    }

    private func checkpointWhenQuiet() async {
        while true {
            try? await Task.sleep(for: Self.quiet)
            let quiet = state.withLock { state -> Bool in
                guard state.lastWrite.duration(to: .now) >= Self.quiet else { return false }
                state.waiting = false
                return true
            }
            if quiet { break }
        }
        // Off the cooperative threads: the copy may take a while for a large log.
        DispatchQueue.global(qos: .utility).async { [self] in
            closed.withLock { closed in
                guard !closed else { return }
                _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            }
        }
    }

    /// No checkpoint starts after this returns (one in progress finishes first).
    func stop() {
        closed.withLock { $0 = true }
    }
}
