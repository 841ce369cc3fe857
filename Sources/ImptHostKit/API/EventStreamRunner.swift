import CImptSystem
import ImptPluginAPI

/// Runs one Server-Sent Events response for a plugin (impt.stream/1): opens it, hands out each
/// event as it completes, and ends on the server's end of the response, a callback's refusal,
/// Ctrl-C, silence longer than the idle timeout, or a failure. Memory stays bounded: the received
/// bytes wait in libcurl's paused transfer, the parser keeps one line and one event.
final class EventStreamRunner {
    /// What the plugin's callbacks say: `IMPT_OK` to go on, anything else to stop with it.
    struct Callbacks {
        var onOpen: (Int) -> Int32
        var onEvent: (inout ServerSentEvent) -> Int32
        var onTick: (() -> Int32)?
        var onFD: ((Int32) -> Int32)?
    }

    struct Settings {
        var path: String
        var query: [(String, String)]
        var authorized: Bool
        var lastEventID: String?
        /// 0 for the default of the command's limits.
        var idleMilliseconds: Int
        /// 0 for no ticks.
        var tickMilliseconds: Int
        var watchFD: Int32?
    }

    private static let ok = Int32(IMPT_OK.rawValue)
    /// Longest single wait, so that Ctrl-C and the timers are looked at often.
    private static let slice: Int64 = 100
    private static let readChunk = 65536

    private let session: ApiSession
    private let settings: Settings
    private var console: Console { session.console }

    init(session: ApiSession, settings: Settings) {
        self.session = session
        self.settings = settings
    }

    /// Runs the stream; returns `IMPT_OK` when the server ended it or the status a callback
    /// stopped it with, and throws for Ctrl-C, silence, an error answer or a broken connection.
    func run(_ callbacks: Callbacks) throws(ImptError) -> Int32 {
        let budget = try session.budget
        let idle = Int64(settings.idleMilliseconds > 0 ? settings.idleMilliseconds : budget.limits.streamIdleMilliseconds)
        let request = try makeRequest()
        session.trace.request(request, body: nil)
        console.flush()
        impt_sigint_install()
        defer { impt_sigint_restore() }
        let stream = try HTTPStream(request, environment: session.environment)
        let spinner = console.showsProgress ? session.spinner : nil
        defer { spinner?.clear() }

        var parser = EventStreamParser()
        var chunk = [UInt8](repeating: 0, count: Self.readChunk)
        var opened = false
        var lastActivity = Clock.monotonicMilliseconds()
        var nextTick = settings.tickMilliseconds > 0 ? lastActivity + Int64(settings.tickMilliseconds) : Int64.max
        var nextFrame = lastActivity + Int64(Spinner.interval)
        var callbackStatus = Self.ok

        while true {
            if impt_sigint_take() { throw interrupted() }
            if !opened, stream.headersDone, (200..<300).contains(stream.status) {
                opened = true
                spinner?.clear()
                if session.trace.enabled { console.info("Response code: \(stream.status)") }
                budget.restart()
                let status = callbacks.onOpen(stream.status)
                if status != Self.ok { return status }
            }
            if opened {
                // Hand out everything received so far.
                while true {
                    let count = chunk.withUnsafeMutableBytes { stream.read(into: $0) }
                    if count == 0 { break }
                    lastActivity = Clock.monotonicMilliseconds()
                    let outcome: Result<Bool, ImptError> = chunk.withUnsafeBytes { raw in
                        do throws(ImptError) {
                            return .success(
                                try parser.feed(UnsafeRawBufferPointer(rebasing: raw[0..<count])) { event in
                                    callbackStatus = callbacks.onEvent(&event)
                                    return callbackStatus == Self.ok
                                })
                        } catch {
                            return .failure(error)
                        }
                    }
                    if try !outcome.get() { return callbackStatus }
                    if impt_sigint_take() { throw interrupted() }
                }
            }
            if let response = stream.finished { return try ended(response, opened: opened) }
            let now = Clock.monotonicMilliseconds()
            if now - lastActivity >= idle { throw silence(idle) }
            if now >= nextTick, let onTick = callbacks.onTick {
                let status = onTick()
                if status != Self.ok { return status }
                nextTick = Clock.monotonicMilliseconds() + Int64(settings.tickMilliseconds)
            }
            if let spinner, !opened, now >= nextFrame {
                spinner.tick()
                nextFrame = now + Int64(Spinner.interval)
            }
            console.flush()
            var wait = min(Self.slice, lastActivity + idle - now, nextTick - now)
            if spinner != nil && !opened { wait = min(wait, nextFrame - now) }
            let fdReady = stream.run(waitMilliseconds: Int(max(1, wait)), watchFD: settings.watchFD ?? -1)
            if fdReady, let fd = settings.watchFD, let onFD = callbacks.onFD {
                let status = onFD(fd)
                if status != Self.ok { return status }
            }
        }
    }

    private func makeRequest() throws(ImptError) -> HTTPRequest {
        var url = try session.endpoint + settings.path
        if !settings.query.isEmpty {
            url += "?" + settings.query.map { "\(URLEncoding.component($0.0))=\(URLEncoding.component($0.1))" }.joined(separator: "&")
        }
        var headers = ["Accept: text/event-stream", "Cache-Control: no-cache"]
        if settings.authorized { headers.append("Authorization: Bearer \(try session.validToken())") }
        if let id = settings.lastEventID { headers.append("Last-Event-ID: \(id)") }
        var request = HTTPRequest(method: "GET", url: url, headers: headers)
        request.timeoutMilliseconds = 0  // a stream has no overall limit, only the idle timeout
        request.maxResponseBytes = try session.budget.limits.maxResponseBytes
        return request
    }

    /// The outcome of a response that is over.
    private func ended(_ response: HTTPResponse, opened: Bool) throws(ImptError) -> Int32 {
        if let failure = response.failure {
            guard opened else { throw session.transportFailure(response) }
            let reason = failure.reason.isEmpty ? "the connection was closed" : failure.reason
            throw ImptError(IMPT_ERR_NETWORK, "The event stream from impCentral broke off: \(reason).")
        }
        guard opened else {
            session.trace.response(response)
            throw session.apiError(response)
        }
        return Self.ok
    }

    private func silence(_ idle: Int64) -> ImptError {
        ImptError(IMPT_ERR_NETWORK, "impCentral sent nothing on the event stream for \(NetworkBudget.seconds(idle)) s.")
    }

    /// Ctrl-C: at a terminal the line the terminal echoed `^C` on is ended first.
    private func interrupted() -> ImptError {
        Self.endInterruptedLine(console)
        return .interrupted
    }

    static func endInterruptedLine(_ console: Console) {
        if console.interactive { console.writeNow("\n") }
    }

    /// Waits up to `milliseconds`, ending early (with `.interrupted`) on Ctrl-C.
    static func sleep(milliseconds: Int, console: Console) throws(ImptError) {
        console.flush()
        impt_sigint_install()
        defer { impt_sigint_restore() }
        let end = Clock.monotonicMilliseconds() + Int64(milliseconds)
        while true {
            if impt_sigint_take() {
                endInterruptedLine(console)
                throw .interrupted
            }
            let left = end - Clock.monotonicMilliseconds()
            if left <= 0 { return }
            Clock.sleep(milliseconds: min(left, 50))
        }
    }
}
