#if canImport(Glibc)
import Glibc
#endif
import ImptPluginAPI

/// What one command has spent on impCentral, against its `NetworkLimits`: the time in exchanges
/// and rate-limit waits (the overall deadline), and the time waited after 429 answers.
final class NetworkBudget {
    let limits: NetworkLimits
    /// Milliseconds spent in exchanges and waits so far, not counting the phase running now.
    private var spent: Int64 = 0
    /// Start of the phase being measured, if one is running.
    private var phaseStart: Int64?
    /// Phases started and not ended (a token renewal inside a batch is a phase in a phase).
    private var depth = 0
    /// Milliseconds waited after 429 answers so far.
    private(set) var rateLimitWaited: Int64 = 0

    init(limits: NetworkLimits) {
        self.limits = limits
    }

    // MARK: Overall deadline

    /// Starts counting time (while requests are in flight or a rate-limit wait runs). Calls nest:
    /// time counts until the outermost phase ends.
    func resume() {
        depth += 1
        if phaseStart == nil { phaseStart = Clock.monotonicMilliseconds() }
    }

    /// Ends the phase begun by the matching `resume`.
    func pause() {
        depth = max(0, depth - 1)
        guard depth == 0, let start = phaseStart else { return }
        spent += Clock.monotonicMilliseconds() - start
        phaseStart = nil
    }

    /// Forgets what was spent so far (the deadline and the rate-limit waits start afresh): an event
    /// stream that opened is progress, so a stream that reconnects now and then is never cut off.
    func restart() {
        spent = 0
        rateLimitWaited = 0
        if phaseStart != nil { phaseStart = Clock.monotonicMilliseconds() }
    }

    /// Milliseconds left before the deadline; nil when there is none.
    var remaining: Int64? {
        guard let deadline = limits.deadlineMilliseconds else { return nil }
        let running = phaseStart.map { Clock.monotonicMilliseconds() - $0 } ?? 0
        return max(0, deadline - spent - running)
    }

    var deadlinePassed: Bool { remaining == 0 }

    /// The timeout for a request starting now: the per-request limit, or less near the deadline.
    func requestTimeout() -> Int {
        let perRequest = NetworkLimits.requestTimeoutMilliseconds
        guard let remaining else { return perRequest }
        return Int(max(1, min(Int64(perRequest), remaining)))
    }

    /// Whether a transfer that brought no complete response ended at the deadline: it timed out
    /// and either the deadline has passed or its timeout (`sentWithTimeout`, from
    /// `requestTimeout`) was already cut short by the deadline when it was sent, whatever the
    /// clocks say a moment later.
    func endedAtDeadline(_ response: HTTPResponse, sentWithTimeout timeout: Int) -> Bool {
        guard response.failure?.kind == .timeout else { return false }
        return deadlinePassed || (timeout > 0 && timeout < NetworkLimits.requestTimeoutMilliseconds)
    }

    var deadlineError: ImptError {
        let seconds = (limits.deadlineMilliseconds ?? 0) / 1000
        return ImptError(
            IMPT_ERR_NETWORK,
            "impCentral requests of this command took more than \(seconds) s in all (IMPT_NETWORK_DEADLINE).")
    }

    // MARK: Rate limits

    /// The wait a 429 answer asks for: `X-RateLimit-Reset` seconds (at least one).
    static func requestedWait(_ response: HTTPResponse) -> Int64 {
        let text = response.header("x-ratelimit-reset")?.trimmed ?? ""
        guard text.utf8.count <= 12, let seconds = Int64(text), seconds > 0 else { return 1000 }
        return seconds * 1000
    }

    /// Takes `milliseconds` more of rate-limit waiting from the budget, or fails when that would
    /// exceed `IMPT_MAX_RATE_LIMIT_WAIT` or pass the deadline.
    func reserveRateLimitWait(_ milliseconds: Int64, requested: Int64) throws(ImptError) {
        let limit = limits.maxRateLimitWaitMilliseconds
        guard rateLimitWaited + milliseconds <= limit else {
            throw ImptError(
                IMPT_ERR_API,
                "impCentral's rate limit asks for another wait of \(Self.seconds(requested)) s, which would exceed the \(limit / 1000) s a command may wait for rate limits in all (IMPT_MAX_RATE_LIMIT_WAIT).",
                httpStatus: 429)
        }
        if let remaining, milliseconds >= remaining { throw deadlineError }
        rateLimitWaited += milliseconds
    }

    /// Seconds for messages ("1", "2.5").
    static func seconds(_ milliseconds: Int64) -> String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000)" : "\(milliseconds / 1000).\(milliseconds % 1000 / 100)"
    }

    /// Tells a user at a terminal (on standard error) why nothing happens for a while.
    static func announceWait(_ milliseconds: Int64, console: Console) {
        guard StandardStreams.current.errorIsTerminal else { return }
        console.flush()
        StandardStreams.warn("impt: impCentral's rate limit is reached; waiting \(seconds(milliseconds)) s before sending more requests.")
    }
}
