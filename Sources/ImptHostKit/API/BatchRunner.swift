import CImptSystem
import ImptPluginAPI

/// The outcome of one request of a batch.
struct BatchItem {
    /// The status of the final HTTP response (201, 204, 404, ...), or 0 when none arrived.
    var httpStatus: Int
    var result: Result<JSON?, ImptError>

    /// A request that did not finish because the batch was stopped.
    static let interrupted = BatchItem(httpStatus: 0, result: .failure(.interrupted))
}

extension ImptError {
    /// Ctrl-C stopped the work (requests in flight were let finish).
    static let interrupted = ImptError(status: IMPT_ERR_INTERRUPTED, lines: [.info("Operation is interrupted.")])
}

/// Every item of a batch, in request order, and why it stopped early, if it did.
struct BatchOutcome {
    var items: [BatchItem]
    /// `IMPT_ERR_INTERRUPTED` after Ctrl-C, or the status an item callback returned to stop the
    /// batch; nil when every request finished.
    var stopStatus: Int32?
}

/// Sends independent requests through one `HTTPPool`, `concurrency` at a time, each retried on
/// its own: after a 429 it waits as `X-RateLimit-Reset` says (no request starts while the server
/// asks to wait; those in flight go on), after a 401 the token is renewed once (one renewal for
/// all requests refused with the same token) and the request sent again; a transport error fails
/// only its request. Finished items are reported to `onItem` as they finish, on this thread.
/// With `interruptible`, Ctrl-C stops new requests and lets those in flight finish. The batch
/// keeps within the command's deadline and rate-limit waiting budget: once one is exhausted, the
/// requests not sent yet fail with its error.
final class BatchRunner {
    private let session: ApiSession
    private let requests: [ApiRequest]
    private let concurrency: Int
    private let interruptible: Bool
    private let onItem: ((Int, BatchItem) -> Int32)?
    private let budget: NetworkBudget
    private let progress: BatchProgress?
    private let spinner: Spinner?

    private var items: [BatchItem?]
    private var finished = 0
    /// The next request never sent.
    private var nextFresh = 0
    /// Requests to send again, oldest first.
    private var retries: [Int] = []
    private var retryHead = 0
    private var renewed: [Bool]
    /// The token generation each request was sent with, and the current one.
    private var sentWith: [Int]
    /// The timeout each request was last sent with (`NetworkBudget.endedAtDeadline`).
    private var sentTimeout: [Int]
    private var generation = 0
    private var token = ""
    /// No request starts before this (monotonic milliseconds).
    private var pauseUntil: Int64 = 0
    private var stopStatus: Int32?
    /// Set once the deadline or the rate-limit budget is exhausted: requests not sent fail with it.
    private var abandon: ImptError?
    private var nextTick: Int64 = 0

    init(
        session: ApiSession, requests: [ApiRequest], concurrency: Int, progressLabel: String?, interruptible: Bool,
        onItem: ((Int, BatchItem) -> Int32)?
    ) throws(ImptError) {
        self.session = session
        self.requests = requests
        self.concurrency = max(1, concurrency)
        self.interruptible = interruptible
        self.onItem = onItem
        budget = try session.budget
        progress = progressLabel.flatMap { BatchProgress(console: session.console, label: $0) }
        spinner = progress == nil && session.console.showsProgress ? session.spinner : nil
        items = Array(repeating: nil, count: requests.count)
        renewed = Array(repeating: false, count: requests.count)
        sentWith = Array(repeating: 0, count: requests.count)
        sentTimeout = Array(repeating: 0, count: requests.count)
    }

    private var canRenew: Bool { (try? session.context().refreshesAutomatically) ?? false }
    private var hasWaiting: Bool { retryHead < retries.count || nextFresh < requests.count }

    func run() throws(ImptError) -> BatchOutcome {
        token = try session.validToken()
        let pool = try CurlTransport.current.makePool(firstURL: try session.endpoint, environment: session.environment)
        session.console.flush()
        budget.resume()
        if interruptible {
            // A Ctrl-C recorded while an outer wait (an open stream) runs is the user's, not stale.
            if !impt_sigint_installed() { _ = impt_sigint_take() }
            impt_sigint_install()
        }
        defer {
            if interruptible { impt_sigint_restore() }
            budget.pause()
            clearIndicator()
        }
        progress?.show(done: 0, total: requests.count)
        nextTick = Clock.monotonicMilliseconds() + Int64(Spinner.interval)
        while finished < requests.count {
            if interruptible && impt_sigint_take() && stopStatus == nil { stopStatus = Int32(IMPT_ERR_INTERRUPTED.rawValue) }
            if abandon == nil && budget.deadlinePassed { abandon = budget.deadlineError }
            if let abandon, stopStatus == nil { failWaiting(abandon) }
            let now = Clock.monotonicMilliseconds()
            if stopStatus == nil && abandon == nil && now >= pauseUntil {
                while pool.count < concurrency, let index = nextWaiting() { try start(index, in: pool) }
            }
            if pool.count == 0 {
                if stopStatus != nil || !hasWaiting { break }
                Clock.sleep(milliseconds: max(1, min(100, pauseUntil - now)))  // paused for a rate limit
            } else {
                pool.run(waitMilliseconds: waitSlice(now: now))
                while let done = pool.take() { try handle(done.tag, done.response) }
            }
            tick()
        }
        return BatchOutcome(items: items.map { $0 ?? .interrupted }, stopStatus: stopStatus)
    }

    // MARK: Steps

    private func nextWaiting() -> Int? {
        if retryHead < retries.count {
            defer { retryHead += 1 }
            return retries[retryHead]
        }
        guard nextFresh < requests.count else { return nil }
        defer { nextFresh += 1 }
        return nextFresh
    }

    private func start(_ index: Int, in pool: any RequestPool) throws(ImptError) {
        let request = try session.httpRequest(requests[index], token: token)
        session.trace.request(request, body: requests[index].body)
        sentWith[index] = generation
        sentTimeout[index] = request.timeoutMilliseconds
        pool.add(request, tag: index)
    }

    private func handle(_ index: Int, _ response: HTTPResponse) throws(ImptError) {
        if response.failure != nil {
            let error = budget.endedAtDeadline(response, sentWithTimeout: sentTimeout[index])
                ? budget.deadlineError : session.transportFailure(response)
            finish(index, BatchItem(httpStatus: 0, result: .failure(error)))
            return
        }
        session.trace.response(response)
        let retriable = response.status == 429 || (response.status == 401 && !renewed[index] && canRenew)
        guard retriable else {
            finish(index, BatchItem(httpStatus: response.status, result: session.result(of: response)))
            return
        }
        if stopStatus != nil { return }  // not sent again: reported as interrupted
        if let abandon {
            finish(index, BatchItem(httpStatus: response.status, result: .failure(abandon)))
            return
        }
        do throws(ImptError) {
            if response.status == 429 {
                try pause(for: response)
            } else {
                renewed[index] = true
                if sentWith[index] == generation {
                    clearIndicator()
                    token = try session.validToken(forceRenewal: true)
                    generation += 1
                }
            }
            retries.append(index)
        } catch {
            abandon = error
            finish(index, BatchItem(httpStatus: response.status, result: .failure(error)))
        }
    }

    /// Holds back new requests for as long as a 429 answer asks, counting the extra wait against
    /// the command's budget.
    private func pause(for response: HTTPResponse) throws(ImptError) {
        let now = Clock.monotonicMilliseconds()
        let requested = NetworkBudget.requestedWait(response)
        let until = now + requested
        guard until > pauseUntil else { return }
        try budget.reserveRateLimitWait(until - max(pauseUntil, now), requested: requested)
        if pauseUntil <= now {
            clearIndicator()
            NetworkBudget.announceWait(requested, console: session.console)
        }
        pauseUntil = until
    }

    /// Fails every request not sent yet (or waiting to be sent again) with `error`.
    private func failWaiting(_ error: ImptError) {
        while stopStatus == nil, let index = nextWaiting() {
            finish(index, BatchItem(httpStatus: 0, result: .failure(error)))
        }
    }

    private func finish(_ index: Int, _ item: BatchItem) {
        items[index] = item
        finished += 1
        if let onItem {
            clearIndicator()
            budget.pause()  // the callback's own time is not network time
            let status = onItem(index, item)
            budget.resume()
            if status != Int32(IMPT_OK.rawValue) && stopStatus == nil { stopStatus = status }
        }
        progress?.show(done: finished, total: requests.count)
    }

    // MARK: Terminal

    /// How long the pool may wait for a response before the loop looks at Ctrl-C, the spinner
    /// and the end of a rate-limit pause again.
    private func waitSlice(now: Int64) -> Int {
        var slice: Int64 = 100
        if spinner != nil { slice = min(slice, nextTick - now) }
        if pauseUntil > now { slice = min(slice, pauseUntil - now) }
        return Int(max(1, slice))
    }

    private func tick() {
        progress?.redraw()  // after a rate-limit notice erased it
        guard let spinner, Clock.monotonicMilliseconds() >= nextTick else { return }
        spinner.tick()
        nextTick = Clock.monotonicMilliseconds() + Int64(Spinner.interval)
    }

    private func clearIndicator() {
        progress?.clear()
        spinner?.clear()
    }
}

/// `<label> <done>/<total>` on the console's progress line while a batch runs.
private final class BatchProgress {
    private let line: ProgressLine
    private let label: String
    private var text = ""

    /// Nil when progress is not shown (not a terminal, or another output mode).
    init?(console: Console, label: String) {
        guard console.showsProgress else { return nil }
        line = console.progress
        self.label = label
    }

    func show(done: Int, total: Int) {
        text = "\(label) \(done)/\(total)"
        line.show(text)
    }

    /// Draws the line again if something erased it.
    func redraw() {
        if !line.drawn, !text.isEmpty { line.show(text) }
    }

    func clear() { line.clear() }
}
