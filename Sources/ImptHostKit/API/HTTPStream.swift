import CImptCurl
import ImptPluginAPI

/// One streaming exchange on a pool of its own: the body of a 2xx answer is read piece by piece
/// as it arrives (libcurl pauses the transfer while 256 KiB are unread), any other answer is
/// collected whole (an error document). Other pools may be driven meanwhile.
final class HTTPStream {
    private let pool: OpaquePointer
    private let exchange: UnsafeMutablePointer<impt_http_exchange>
    private let allocations: [UnsafeMutableRawPointer]
    /// The outcome once the exchange is over (body unread so far stays readable).
    private(set) var finished: HTTPResponse?

    init(_ request: HTTPRequest, environment: Environment) throws(ImptError) {
        try HTTPTransport.loadLibrary(expectTLS: request.url.asciiLowercased.hasPrefix("https:"))
        guard let pool = impt_http_pool_create() else { throw ImptError.internalError("libcurl is not available") }
        self.pool = pool
        (exchange, allocations) = HTTPPool.exchange(for: request, environment: environment)
        exchange.pointee.streaming = true
        if impt_http_pool_add(pool, exchange) != 0 { finished = HTTPPool.response(from: exchange.pointee) }
    }

    deinit {
        impt_http_pool_destroy(pool)
        HTTPPool.release(exchange, allocations: allocations)
    }

    /// Moves the transfer on until something arrives, it ends, `watchFD` (if not negative) is
    /// readable or `waitMilliseconds` pass. Returns whether `watchFD` is readable.
    func run(waitMilliseconds: Int, watchFD: Int32) -> Bool {
        guard finished == nil else { return false }
        var ready = false
        _ = impt_http_pool_run_fd(pool, waitMilliseconds, watchFD, &ready)
        if impt_http_pool_take(pool) != nil { finished = HTTPPool.response(from: exchange.pointee) }
        return ready
    }

    /// Whether the headers of the final answer arrived, and its status.
    var headersDone: Bool { exchange.pointee.headers_done }
    var status: Int { exchange.pointee.status }

    /// Moves received body bytes into `buffer`; returns how many (0 when none are waiting).
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        return impt_http_stream_read(exchange, base.assumingMemoryBound(to: CChar.self), buffer.count)
    }
}
