#if canImport(Glibc)
import Glibc
#endif
import CImptCurl
import ImptPluginAPI

/// Exchanges in flight together over libcurl, fed one by one: `add` requests, `run` until one
/// finishes, `take` the finished ones in completion order, add more (retries included).
final class HTTPPool: RequestPool {
    /// What an exchange owns while it is in the pool: its C strings and its caller's tag.
    private struct Slot {
        var tag: Int
        var allocations: [UnsafeMutableRawPointer]
    }

    private let pool: OpaquePointer
    private let environment: Environment
    private var slots: [UnsafeMutablePointer<impt_http_exchange>: Slot] = [:]
    /// Exchanges that could not even enter the C pool, reported by the next `take`.
    private var refused: [(tag: Int, response: HTTPResponse)] = []

    /// A pool for requests like `firstURL` (its scheme picks the libcurl build when libcurl is
    /// not loaded yet).
    init(firstURL: String, environment: Environment) throws(ImptError) {
        try HTTPTransport.loadLibrary(expectTLS: firstURL.asciiLowercased.hasPrefix("https:"))
        guard let pool = impt_http_pool_create() else { throw ImptError.internalError("libcurl is not available") }
        self.pool = pool
        self.environment = environment
    }

    deinit {
        impt_http_pool_destroy(pool)
        for (exchange, slot) in slots { release(exchange, slot) }
    }

    /// Requests added and not taken yet.
    var count: Int { slots.count + refused.count }

    /// Starts a request; `tag` comes back with its response.
    func add(_ request: HTTPRequest, tag: Int) {
        let (exchange, allocations) = Self.exchange(for: request, environment: environment)
        let slot = Slot(tag: tag, allocations: allocations)
        guard impt_http_pool_add(pool, exchange) == 0 else {
            refused.append((tag, Self.response(from: exchange.pointee)))
            release(exchange, slot)
            return
        }
        slots[exchange] = slot
    }

    /// A C exchange for a request, and the C strings it points to (to be freed after release).
    static func exchange(for request: HTTPRequest, environment: Environment)
        -> (UnsafeMutablePointer<impt_http_exchange>, [UnsafeMutableRawPointer])
    {
        var allocations: [UnsafeMutableRawPointer] = []
        func cString(_ text: String) -> UnsafePointer<CChar> {
            let copy = CString.duplicate(text)
            allocations.append(UnsafeMutableRawPointer(copy))
            return UnsafePointer(copy)
        }
        let exchange = UnsafeMutablePointer<impt_http_exchange>.allocate(capacity: 1)
        exchange.initialize(to: impt_http_exchange())
        let headerArray = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: max(1, request.headers.count))
        allocations.append(UnsafeMutableRawPointer(headerArray))
        for (i, header) in request.headers.enumerated() { headerArray[i] = cString(header) }
        exchange.pointee.method = cString(request.method)
        exchange.pointee.url = cString(request.url)
        exchange.pointee.headers = UnsafePointer(headerArray)
        exchange.pointee.header_count = request.headers.count
        if let body = request.body {
            let copy = malloc(max(1, body.count))!
            allocations.append(copy)
            body.withUnsafeBytes { if let base = $0.baseAddress { copy.copyMemory(from: base, byteCount: body.count) } }
            exchange.pointee.body = UnsafePointer(copy.assumingMemoryBound(to: CChar.self))
            exchange.pointee.body_length = body.count
        }
        exchange.pointee.connect_timeout_ms = 10_000
        exchange.pointee.timeout_ms = request.timeoutMilliseconds
        exchange.pointee.max_body_bytes = max(1, request.maxResponseBytes)
        if let proxy = HTTPTransport.proxy(for: request.url, environment: environment) {
            exchange.pointee.proxy = cString(proxy)
        }
        if let noProxy = environment.nonEmpty("NO_PROXY") ?? environment.nonEmpty("no_proxy") {
            exchange.pointee.no_proxy = cString(noProxy)
        }
        // Certificate authorities to trust instead of the system's, as for the curl tool (for
        // example behind a TLS-inspecting company proxy).
        if let bundle = environment.nonEmpty("CURL_CA_BUNDLE") { exchange.pointee.ca_bundle = cString(bundle) }
        return (exchange, allocations)
    }

    /// Moves the transfers on until one finishes or `waitMilliseconds` pass.
    func run(waitMilliseconds: Int) {
        guard refused.isEmpty else { return }
        _ = impt_http_pool_run(pool, waitMilliseconds)
    }

    /// The next finished request, in completion order.
    func take() -> (tag: Int, response: HTTPResponse)? {
        if !refused.isEmpty { return refused.removeFirst() }
        guard let exchange = impt_http_pool_take(pool), var slot = slots.removeValue(forKey: exchange) else { return nil }
        // The request's copies (a body may be megabytes) go before the response is copied out.
        slot.allocations.forEach { free($0) }
        slot.allocations = []
        let response = Self.response(from: exchange.pointee)
        release(exchange, slot)
        return (slot.tag, response)
    }

    private func release(_ exchange: UnsafeMutablePointer<impt_http_exchange>, _ slot: Slot) {
        Self.release(exchange, allocations: slot.allocations)
    }

    static func release(_ exchange: UnsafeMutablePointer<impt_http_exchange>, allocations: [UnsafeMutableRawPointer]) {
        impt_http_exchange_release(exchange)
        exchange.deinitialize(count: 1)
        exchange.deallocate()
        allocations.forEach { free($0) }
    }

    static func response(from exchange: impt_http_exchange) -> HTTPResponse {
        let body = exchange.response_body.map {
            Array(UnsafeRawBufferPointer(start: $0, count: exchange.response_body_length))
        } ?? []
        let headerText = exchange.response_headers.map {
            String(decoding: UnsafeRawBufferPointer(start: $0, count: exchange.response_headers_length), as: UTF8.self)
        } ?? ""
        var failure: HTTPResponse.Failure?
        if exchange.transport_error != 0 {
            let reason = withUnsafeBytes(of: exchange.error) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            let kind: HTTPResponse.Failure.Kind =
                exchange.too_large ? .tooLarge : exchange.tls_failure ? .tls : exchange.timed_out ? .timeout : .other
            failure = HTTPResponse.Failure(kind: kind, reason: reason)
        }
        return HTTPResponse(status: exchange.status, headers: HTTPTransport.parseHeaders(headerText), body: body, failure: failure)
    }
}
