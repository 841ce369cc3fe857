import Synchronization

/// Everything a request handler needs: options, database, caches and the simulation services.
final class SimEnvironment: Sendable {
    let options: SimOptions
    let store: Store
    /// Simulated time, which tests can freeze and advance.
    let time: SimClock
    /// Unique creation stamps from `time`.
    let clock: MonotonicClock
    /// What happened, for tests to wait on.
    let events: SimEvents
    /// Where the simulator's background tasks run.
    let tasks: SimTasks
    let tokens = TokenCache()
    let responses = ResponseCache()
    let rateLimiter: RateLimiter?
    let hub: LogStreamHub
    let logs: LogService
    let simulator: DeviceSimulator
    let webhooks: WebhookDispatcher
    /// The web console's browser sessions.
    let consoleSessions = ConsoleSessions()
    private let base = Mutex<String>("http://127.0.0.1/v5")

    /// Maximum login keys per account.
    static let maxLoginKeys = 10
    /// Lifetime of a two-factor `login_token`.
    static let loginTokenLifetimeMs: Int64 = 5 * 60 * 1000

    init(options: SimOptions, store: Store, tasks: SimTasks = .pool) {
        self.options = options
        self.store = store
        self.tasks = tasks
        time = SimClock(tasks: tasks)
        events = SimEvents(tasks: tasks)
        clock = MonotonicClock(time: time)
        rateLimiter = options.rateLimit.map { RateLimiter(limit: $0) }
        hub = LogStreamHub(maxStreams: options.maxLogStreams, maxDevices: options.maxStreamDevices, tasks: tasks)
        logs = LogService(store: store, hub: hub, time: time, events: events)
        simulator = DeviceSimulator(logs: logs, period: options.logPeriod, time: time, events: events, tasks: tasks)
        webhooks = WebhookDispatcher(store: store, time: time, events: events, tasks: tasks)
    }

    /// Base URL of the API, e.g. `http://127.0.0.1:41234/v5` (set once the port is bound).
    var baseURL: String {
        get { base.withLock { $0 } }
        set { base.withLock { $0 = newValue } }
    }

    var encoder: ResourceEncoder { ResourceEncoder(base: baseURL) }
}
