import GRDB
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// The simulator: database, seeding, HTTP server and simulation services.
///
/// ```swift
/// let server = try SimServer(options: options)
/// let baseURL = try await server.start()      // e.g. http://127.0.0.1:41234/v5
/// ...
/// await server.shutdown()
/// ```
public final class SimServer: Sendable {
    public let options: SimOptions
    let env: SimEnvironment
    private let runTask = Mutex<Task<Void, Never>?>(nil)
    private let finished = Mutex<Bool>(false)

    /// Opens the database, applies migrations and seeds (`--seed`, `--demo`).
    /// - Parameter executor: where the server's tasks run (request handling, simulated devices,
    ///   deliveries, timers); the shared concurrency pool when nil. A program that blocks pool
    ///   threads while it waits for the simulator gives it an executor of its own.
    public init(options: SimOptions, executor: (any TaskExecutor)? = nil) throws {
        self.options = options
        let store = try Store(directory: options.dataDirectory)
        env = SimEnvironment(options: options, store: store, tasks: SimTasks(executor: executor))
        // Creation timestamps must stay increasing across restarts.
        let latest = try store.readSync { db in
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT MAX(m) FROM (SELECT MAX(created_at) AS m FROM products UNION ALL \
                    SELECT MAX(created_at) FROM devicegroups UNION ALL SELECT MAX(created_at) FROM deployments \
                    UNION ALL SELECT MAX(created_at) FROM webhooks UNION ALL SELECT MAX(created_at) FROM accounts \
                    UNION ALL SELECT MAX(updated_at) FROM devicegroups UNION ALL SELECT MAX(updated_at) FROM deployments)
                    """)
        }
        if let latest { env.clock.advance(pastOrTo: latest) }
        if let file = options.seedFile {
            try Seeder.apply(try Seeder.load(file: file), to: store, clock: env.clock)
        }
        if options.demo {
            try Seeder.apply(Seeder.demo, to: store, clock: env.clock)
        }
    }

    /// Starts serving and returns the base URL once the port is bound.
    public func start() async throws -> String {
        var logger = Logger(label: "impcentral-sim")
        logger.logLevel = options.verbose ? .info : .critical
        let env = self.env
        let (ready, readyContinuation) = AsyncStream<String>.makeStream()
        let host = options.host
        let app = Application(
            responder: SimResponder(env: env),
            configuration: .init(address: .hostname(host, port: options.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shownHost = host.contains(":") ? "[\(host)]" : host
                env.baseURL = "http://\(shownHost):\(port)/v5"
                readyContinuation.yield(env.baseURL)
                readyContinuation.finish()
            },
            logger: logger)
        let errorBox = Mutex<(any Error)?>(nil)
        let task = env.tasks.start {
            do {
                try await app.run()
            } catch is CancellationError {
            } catch {
                errorBox.withLock { $0 = error }
            }
            readyContinuation.finish()
        }
        runTask.withLock { $0 = task }
        var iterator = ready.makeAsyncIterator()
        guard let base = await iterator.next() else {
            let error = errorBox.withLock { $0 }
            throw error ?? APIError.internalError("the server did not start")
        }
        try env.simulator.resume(from: env.store)
        return base
    }

    public var baseURL: String { env.baseURL }

    /// The simulated time: freeze, advance and resume it instead of waiting in real time.
    public var clock: SimClock { env.time }

    /// What happened (devices booted, logs written, webhooks delivered), to wait for.
    public var events: SimEvents { env.events }

    /// Waits until the server stops (after `shutdown()`).
    public func wait() async {
        let task = runTask.withLock { $0 }
        await task?.value
    }

    /// Ends log streams and simulated devices, stops the HTTP server, lets pending webhook
    /// deliveries finish and closes the database.
    public func shutdown() async {
        let alreadyDone = finished.withLock { done -> Bool in
            defer { done = true }
            return done
        }
        if alreadyDone { return }
        env.hub.closeAll()
        env.simulator.stopAll()
        let task = runTask.withLock { $0 }
        task?.cancel()
        await task?.value
        await env.webhooks.drain()
        env.store.close()
    }
}
