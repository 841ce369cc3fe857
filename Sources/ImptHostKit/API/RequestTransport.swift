/// Where the API requests of a run go. impt sends them through libcurl (`CurlTransport`); a
/// program that runs impt in-process may give `ImptMain` a transport of its own (answers from
/// memory, a recording, injected faults), and every API request of that run goes through it,
/// bulk requests included. Log streams (server-sent events) always use libcurl.
public protocol RequestTransport: AnyObject {
    /// A set of exchanges in flight together, for requests like `firstURL`.
    func makePool(firstURL: String, environment: Environment) throws(ImptError) -> any RequestPool
}

/// Exchanges in flight together, fed one by one: `add` requests, `run` until one finishes (or
/// the wait passes), `take` the finished ones in completion order, add more.
public protocol RequestPool: AnyObject {
    /// Requests added and not taken yet.
    var count: Int { get }
    /// Starts a request; `tag` comes back with its response.
    func add(_ request: HTTPRequest, tag: Int)
    /// Lets exchanges progress for at most `waitMilliseconds`, returning early when one finishes.
    func run(waitMilliseconds: Int)
    /// A finished exchange, or nil when none is.
    func take() -> (tag: Int, response: HTTPResponse)?
}

/// The default transport: libcurl, loaded when the first request is made.
public final class CurlTransport: RequestTransport {
    public init() {}

    public func makePool(firstURL: String, environment: Environment) throws(ImptError) -> any RequestPool {
        try HTTPPool(firstURL: firstURL, environment: environment)
    }

    /// The transport of the run in progress (runs are one at a time in a process).
    nonisolated(unsafe) static var current: any RequestTransport = CurlTransport()
}
