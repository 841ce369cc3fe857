import Dispatch
import GRDB
import Synchronization

/// Copies the write-ahead log into the database file in the background, a few times a second.
///
/// SQLite otherwise checkpoints inside the commit that crosses its threshold, and a checkpoint
/// syncs the database file: with deployments of megabytes that was every other deployment
/// request waiting 20 ms for the disk. Here a separate connection runs PASSIVE checkpoints,
/// which never block the writer or readers; commits stay durable through the log as before.
final class WALCheckpointer: Sendable {
    /// The log size (in 4 KiB pages, 64 MiB) at which a commit checkpoints by itself, should the
    /// background fall behind.
    static let backstopPages = 16_384
    /// How often the background looks at the log.
    static let interval = DispatchTimeInterval.milliseconds(200)

    private let timer: Mutex<(any DispatchSourceTimer)?>

    init(path: String) throws {
        var configuration = Configuration()
        configuration.label = "impcentral-sim checkpoints"
        configuration.busyMode = .timeout(1)
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        let queue = DispatchQueue(label: "impcentral-sim.checkpoints", qos: .utility)
        let source = DispatchSource.makeTimerSource(queue: queue)
        source.schedule(deadline: .now() + Self.interval, repeating: Self.interval)
        source.setEventHandler {
            _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        }
        source.resume()
        timer = Mutex(source)
    }

    /// Stops the background checkpoints (before the final TRUNCATE checkpoint at close).
    func stop() {
        timer.withLock { source in
            source?.cancel()
            source = nil
        }
    }
}
