import ImptPluginAPI

/// The bounds on what one command may spend on impCentral, each changeable with an environment
/// variable (Docs/UserGuide.md, "Limits").
public struct NetworkLimits: Equatable, Sendable {
    /// `IMPT_MAX_RESPONSE_BYTES`: largest response body accepted (64 MiB).
    public static let defaultMaxResponseBytes = 64 * 1024 * 1024
    /// `IMPT_NETWORK_DEADLINE`: seconds a command may spend on the network in all, waits for
    /// rate limits included (10 minutes); 0 turns the deadline off.
    public static let defaultDeadlineSeconds = 600
    /// `IMPT_MAX_PAGES`: pages read from one collection (10,000 pages of 100 resources).
    public static let defaultMaxPages = 10_000
    /// `IMPT_MAX_RATE_LIMIT_WAIT`: seconds a command may wait in all after 429 answers (5 minutes).
    public static let defaultMaxRateLimitWaitSeconds = 300
    /// Limit of a single request, from the start of the connection to the end of the response.
    public static let requestTimeoutMilliseconds = 60_000
    /// `IMPT_STREAM_IDLE_TIMEOUT`: seconds an event stream may stay silent (not even a keep-alive)
    /// before it counts as broken (45 s; impCentral sends keep-alives more often).
    public static let defaultStreamIdleSeconds = Int(IMPT_STREAM_DEFAULT_IDLE_TIMEOUT_MS / 1000)
    /// `IMPT_STREAM_GIVE_UP`: seconds a log stream is tried again without a working connection
    /// before the command gives up (5 minutes; 1 to 3600). Checked here, read by the Swift SDK's
    /// log streamer.
    public static let defaultStreamGiveUpSeconds = 300
    public static let maxStreamGiveUpSeconds = 3600

    public var maxResponseBytes: Int
    /// nil when there is no deadline.
    public var deadlineMilliseconds: Int64?
    public var maxPages: Int
    public var maxRateLimitWaitMilliseconds: Int64
    /// The idle timeout of event streams whose plugin asks for the default.
    public var streamIdleMilliseconds: Int = defaultStreamIdleSeconds * 1000

    public init(
        maxResponseBytes: Int = defaultMaxResponseBytes, deadlineMilliseconds: Int64? = Int64(defaultDeadlineSeconds) * 1000,
        maxPages: Int = defaultMaxPages, maxRateLimitWaitMilliseconds: Int64 = Int64(defaultMaxRateLimitWaitSeconds) * 1000
    ) {
        self.maxResponseBytes = maxResponseBytes
        self.deadlineMilliseconds = deadlineMilliseconds
        self.maxPages = maxPages
        self.maxRateLimitWaitMilliseconds = maxRateLimitWaitMilliseconds
    }

    /// The limits, with the environment's overrides; a malformed override is a configuration error.
    public static func from(_ environment: Environment) throws(ImptError) -> NetworkLimits {
        var limits = NetworkLimits()
        if let bytes = try number(environment, "IMPT_MAX_RESPONSE_BYTES", minimum: 1) { limits.maxResponseBytes = bytes }
        if let seconds = try number(environment, "IMPT_NETWORK_DEADLINE", minimum: 0) {
            limits.deadlineMilliseconds = seconds == 0 ? nil : Int64(seconds) * 1000
        }
        if let pages = try number(environment, "IMPT_MAX_PAGES", minimum: 1) { limits.maxPages = pages }
        if let seconds = try number(environment, "IMPT_MAX_RATE_LIMIT_WAIT", minimum: 0) {
            limits.maxRateLimitWaitMilliseconds = Int64(seconds) * 1000
        }
        let maxIdle = Int(IMPT_STREAM_MAX_IDLE_TIMEOUT_MS / 1000)
        if let seconds = try number(environment, "IMPT_STREAM_IDLE_TIMEOUT", minimum: 1, maximum: maxIdle) {
            limits.streamIdleMilliseconds = seconds * 1000
        }
        _ = try number(environment, "IMPT_STREAM_GIVE_UP", minimum: 1, maximum: maxStreamGiveUpSeconds)
        return limits
    }

    /// A decimal whole number of at most ten digits (larger values would be no bound at all).
    private static func number(_ environment: Environment, _ name: String, minimum: Int, maximum: Int? = nil) throws(ImptError)
        -> Int?
    {
        guard let text = environment.nonEmpty(name) else { return nil }
        guard text.utf8.count <= 10, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int(text), value >= minimum, value <= (maximum ?? Int.max)
        else {
            let range = maximum.map { "from \(minimum) to \($0)" } ?? "of at least \(minimum) and at most ten digits"
            throw ImptError(IMPT_ERR_CONFIG, "\(name) must be a whole number \(range), not \"\(text)\".")
        }
        return value
    }
}
