#if canImport(Glibc)
import Glibc
#endif
import ImptPluginAPI

/// Streams the logs of devices as `impt log stream` does, for every command that streams (the log
/// group and the `--log` option of the restart commands): one implementation of the original's
/// messages and of impt's reconnection.
///
/// When the stream drops (broken connection, server restart, impCentral ending it, silence beyond
/// the idle timeout), impt opens a new one with bounded back-off, adds the devices again, reads each
/// device's history back to the last entry it showed, shows the missing entries once and in order,
/// and marks a gap only when the history cannot prove that nothing is missing. A `closed` event
/// (another stream of the account replaced this one) ends the command as in the original.
///
/// Only a stream that works resets the back-off and the give-up clock: one that delivered a live
/// entry, or stayed open `healthyMilliseconds` without falling silent. A server that accepts each
/// stream and ends it at once, or holds it open and sends nothing, is retried ever more slowly (up
/// to 30 s apart) and given up on after five minutes, however many entries the history supplies
/// meanwhile. A malformed event is reported and skipped; their number is said at the end.
public final class LogStreamer {
    /// The first reconnection is tried at once, the next ones after waits doubling from this...
    static let firstRetryMilliseconds = 250
    /// ...up to this.
    static let longestRetryMilliseconds = 30_000
    /// impt gives up when no stream worked for this long after a drop: five minutes, or
    /// `IMPT_STREAM_GIVE_UP` seconds (1 to 3600; the host refuses other values before the stream
    /// starts).
    static var giveUpMilliseconds: Int {
        guard let text = getenv("IMPT_STREAM_GIVE_UP").map({ String(cString: $0) }), let seconds = Int(text),
            (1...3600).contains(seconds)
        else { return 5 * 60 * 1000 }
        return seconds * 1000
    }
    /// A stream counts as working once it delivered a live entry or stayed open this long (not
    /// ended by silence); the back-off and the give-up clock then start over.
    static let healthyMilliseconds: Int64 = 10_000
    /// Characters of a malformed event shown in its report.
    static let shownMalformedCharacters = 200
    /// History pages (of 100 entries) read per device after a drop before a gap is marked instead.
    static let maxGapPages = 10
    /// Devices named in the opened message before `...`.
    static let namedDevices = 5

    private enum Outcome {
        case closed
        case interrupted
        case lost(String)
    }

    /// The outcome of requests sent while streaming.
    enum Sent {
        case done([BulkResult])
        case interrupted
        /// Worth another try later: no connection, a server error.
        case retriable(String)
    }

    let context: Context
    private let reconnect: Bool
    let printer: LogPrinter
    /// The devices in the stream, in the order they were added (devices impCentral evicted are
    /// dropped).
    private(set) var streamed: [String]
    var cursors: [String: LogCursor] = [:]
    /// State of the current stream.
    private var streamID = ""
    private var closedByServer = false
    private var lostReason: String?
    /// Whether the current stream proved to work (see `healthyMilliseconds`).
    var healthy = false
    /// Whether the current stream was opened and announced (its lines printed).
    private var announced = false
    /// Events skipped because they could not be read.
    private var malformed = 0

    /// Work done between the stream's events, on the handler's thread: waiting on a descriptor
    /// as well (e.g. inotify) and a periodic tick. Each call runs in a values scope; a thrown
    /// failure ends the stream and the command (one with `IMPT_ERR_INTERRUPTED` counts as Ctrl-C).
    public struct Companion {
        /// Waited on with the stream; `onReadable` must read what is pending.
        public var descriptor: Int32
        public var onReadable: () throws(PluginFailure) -> Void
        /// Interval of `onTick` (at least 10 ms).
        public var tickMilliseconds: Int
        public var onTick: () throws(PluginFailure) -> Void

        public init(
            descriptor: Int32, onReadable: @escaping () throws(PluginFailure) -> Void, tickMilliseconds: Int,
            onTick: @escaping () throws(PluginFailure) -> Void
        ) {
            self.descriptor = descriptor
            self.onReadable = onReadable
            self.tickMilliseconds = tickMilliseconds
            self.onTick = onTick
        }
    }

    /// Runs beside every stream this streamer opens (reopened ones included); none by default.
    public var companion: Companion?

    /// Streams `deviceIDs` (de-duplicated by the caller). With `reconnect` false a drop ends the
    /// command with an error, and no history is read (the original's requests exactly).
    public init(context: Context, deviceIDs: [String], reconnect: Bool) {
        self.context = context
        self.reconnect = reconnect
        streamed = deviceIDs
        printer = LogPrinter(context: context)
    }

    /// Runs until Ctrl-C (returns), impCentral closes the stream (returns, after `The log stream is
    /// closed.`), or a failure (thrown, recorded).
    public func run() throws(PluginFailure) {
        defer { reportMalformed() }
        var first = true
        var attempt = 0
        var lostAt: Int64?
        while true {
            let outcome = try cycle(first: first)
            first = false
            switch outcome {
            case .closed, .interrupted:
                return
            case .lost(let reason):
                guard reconnect else { throw context.fail(IMPT_ERR_NETWORK, "The log stream is lost. \(reason)") }
                if announced { context.info("The log stream is lost. Trying to reconnect...") }
                if healthy || lostAt == nil {
                    attempt = 0
                    lostAt = Monotonic.milliseconds()
                }
                let giveUp = Self.giveUpMilliseconds
                if Monotonic.milliseconds() - lostAt! >= Int64(giveUp) {
                    throw context.fail(
                        IMPT_ERR_NETWORK,
                        "The log stream is lost and no new one worked for \(Self.duration(giveUp)). \(reason)")
                }
                attempt += 1
                if attempt > 1 {
                    let wait = min(Self.firstRetryMilliseconds << min(attempt - 2, 16), Self.longestRetryMilliseconds)
                    guard try context.pause(milliseconds: wait) else { return }
                }
            }
        }
    }

    // MARK: One stream

    /// Creates a stream, opens it and runs it until it ends.
    private func cycle(first: Bool) throws(PluginFailure) -> Outcome {
        closedByServer = false
        lostReason = nil
        healthy = false
        announced = false
        switch try send([["method": "POST", "path": "/logstream"]], fatal: first) {
        case .interrupted: return .interrupted
        case .retriable(let reason): return .lost(reason)
        case .done(let results):
            guard let id = results.first?.body?.lookup("data.id")?.string else { throw LogHistory.unexpected(context) }
            streamID = id
        }
        var opened = false
        var openedAt: Int64 = 0
        var handlers = StreamHandlers(
            onOpen: { [unowned self] _ throws(PluginFailure) in
                opened = true
                openedAt = Monotonic.milliseconds()
                return try self.context.withScope { () throws(PluginFailure) in try self.started(first: first) }
            },
            onEvent: { [unowned self] event throws(PluginFailure) in try self.handle(event) })
        var settings = StreamSettings()
        if let companion {
            settings.watchFD = companion.descriptor
            settings.tickMilliseconds = companion.tickMilliseconds
            handlers.onReadable = { [unowned self] _ throws(PluginFailure) in
                try self.context.withScope { () throws(PluginFailure) in try companion.onReadable() }
                return .proceed
            }
            handlers.onTick = { [unowned self] () throws(PluginFailure) in
                try self.context.withScope { () throws(PluginFailure) in try companion.onTick() }
                return .proceed
            }
        }
        let end: StreamEnd
        let lastedLong = { opened && Monotonic.milliseconds() - openedAt >= Self.healthyMilliseconds }
        do {
            end = try context.stream("/logstream/\(streamID)", query: ["format": "json"], settings: settings, handlers: handlers)
        } catch {
            // Open long enough, unless it ended by falling silent: that delivered nothing.
            if lastedLong() && !context.lastError.message.hasPrefix(Self.silencePrefix) { healthy = true }
            return try broken(error, fatal: first && !opened)
        }
        if lastedLong() { healthy = true }
        switch end {
        case .interrupted: return .interrupted
        case .ended: return .lost("impCentral ended the log stream.")
        case .stopped:
            if closedByServer { return .closed }
            return .lost(lostReason ?? "")
        }
    }

    /// The outcome of a stream that failed: a drop worth reopening, or the failure itself.
    private func broken(_ failure: PluginFailure, fatal: Bool) throws(PluginFailure) -> Outcome {
        let error = context.lastError
        let retriable =
            failure.status == Int32(IMPT_ERR_NETWORK.rawValue)
            || (failure.status == Int32(IMPT_ERR_API.rawValue) && Self.retriable(httpStatus: Int(error.httpStatus), opening: true))
        guard retriable && !fatal else { throw failure }
        context.clearError()
        return .lost(error.message)
    }

    /// "5 minutes", "90 seconds".
    static func duration(_ milliseconds: Int) -> String {
        let seconds = milliseconds / 1000
        if seconds % 60 == 0 { return seconds == 60 ? "1 minute" : "\(seconds / 60) minutes" }
        return seconds == 1 ? "1 second" : "\(seconds) seconds"
    }

    /// How the host's message for a stream that fell silent beyond the idle timeout begins.
    static let silencePrefix = "impCentral sent nothing"

    private static func retriable(httpStatus: Int, opening: Bool) -> Bool {
        httpStatus == 0 || httpStatus == 429 || httpStatus >= 500 || (opening && httpStatus == 404)
    }

    /// The stream is open: read where each device stands (first stream), add the devices, tell the
    /// user, and after a drop show what was missed.
    private func started(first: Bool) throws(PluginFailure) -> StreamStep {
        if first && reconnect {
            guard try readStartingPoints() else { return .stop }
        }
        guard try subscribe(fatal: first) else { return .stop }
        printer.opened(streamed, named: Self.namedDevices)
        announced = true
        if !first {
            guard try fillGaps() else { return .stop }
        }
        return .proceed
    }

    // MARK: Requests

    /// Sends requests through the bulk service. With `fatal` every failure is thrown (recorded);
    /// otherwise failures worth another try come back as `.retriable`.
    func send(_ requests: [JSONLiteral], concurrency: Int = 5, fatal: Bool) throws(PluginFailure) -> Sent {
        let outcome = try context.bulk(requests, concurrency: concurrency)
        if outcome.stopped { return .interrupted }
        for result in outcome.results where !result.succeeded {
            let network = result.status == Int32(IMPT_ERR_NETWORK.rawValue)
            let server = result.status == Int32(IMPT_ERR_API.rawValue) && Self.retriable(httpStatus: result.httpStatus, opening: false)
            if !fatal && (network || server) { return .retriable(result.message) }
            throw context.fail(impt_status(rawValue: UInt32(bitPattern: result.status)), result.message)
        }
        return .done(outcome.results)
    }

    /// Ends the stream from inside a handler after requests that did not get through: Ctrl-C
    /// ends the command, a retriable failure the stream.
    func stopped(by sent: Sent) throws(PluginFailure) -> [BulkResult]? {
        switch sent {
        case .done(let results): return results
        case .interrupted: throw PluginFailure(status: Int32(IMPT_ERR_INTERRUPTED.rawValue))
        case .retriable(let reason):
            lostReason = reason
            return nil
        }
    }

    /// Adds the devices to the stream, one after the other, so that a stream holding fewer devices
    /// keeps the last ones and says which it dropped. False when the stream is to be reopened.
    private func subscribe(fatal: Bool) throws(PluginFailure) -> Bool {
        let requests: [JSONLiteral] = streamed.map { ["method": "PUT", "path": .string("/logstream/\(streamID)/\($0)")] }
        return try stopped(by: send(requests, concurrency: 1, fatal: fatal)) != nil
    }

    // MARK: Events

    private func handle(_ event: StreamEvent) throws(PluginFailure) -> StreamStep {
        switch event.name {
        case "message":
            return try context.withScope { () throws(PluginFailure) in
                guard let value = context.parseJSON(event.data), let entry = LogEntry(value) else {
                    return skipMalformed(event.data)
                }
                healthy = true
                let key = LogCursor.key(type: entry.type, message: entry.msg)
                if cursors[entry.deviceID ?? "", default: LogCursor()].admit(time: entry.time, text: entry.ts, key: key) {
                    printer.entry(entry, raw: value)
                }
                return .proceed
            }
        case "state_change":
            return try context.withScope { () throws(PluginFailure) in
                guard let value = context.parseJSON(event.data), value.kind == IMPT_VALUE_OBJECT else {
                    return skipMalformed(event.data)
                }
                switch value["state"]?.string {
                case "closed":
                    context.info("The log stream is closed.")
                    closedByServer = true
                    return .stop
                case "unsubscribed":
                    if let device = value["device_id"]?.string, let index = streamed.firstIndex(of: device) {
                        streamed.remove(at: index)
                        printer.notStreamed(device)
                    }
                    return .proceed
                default:
                    return .proceed
                }
            }
        default:
            return .proceed
        }
    }

    /// Reports an event that cannot be read, with the original's words, and goes on.
    private func skipMalformed(_ data: String) -> StreamStep {
        malformed += 1
        let shown = data.count > Self.shownMalformedCharacters ? data.prefix(Self.shownMalformedCharacters) + "..." : Substring(data)
        context.errorLine("Unexpected format of log stream message: \(shown).")
        return .proceed
    }

    /// How many events were skipped, when any were.
    private func reportMalformed() {
        guard malformed > 0 else { return }
        context.info(
            malformed == 1
                ? "1 log stream message in an unexpected format was skipped."
                : "\(malformed) log stream messages in an unexpected format were skipped.")
    }
}
