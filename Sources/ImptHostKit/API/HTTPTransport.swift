#if canImport(Glibc)
import Glibc
#endif
import CImptCurl
import ImptPluginAPI

public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [String]
    public var body: [UInt8]?
    /// Overall limit in milliseconds; 0 for none.
    public var timeoutMilliseconds: Int = NetworkLimits.requestTimeoutMilliseconds
    /// Largest response body accepted; a larger one aborts the exchange.
    public var maxResponseBytes: Int = NetworkLimits.defaultMaxResponseBytes

    public init(method: String, url: String, headers: [String] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct HTTPResponse: Sendable {
    /// Why no (complete) response arrived.
    public struct Failure: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// The body or the headers exceeded their limit.
            case tooLarge
            /// The TLS handshake or the certificate check failed.
            case tls
            /// The connection or the whole exchange took too long.
            case timeout
            /// Anything else (connection refused, reset, ...).
            case other
        }
        public var kind: Kind
        public var reason: String
    }

    public var status: Int
    /// Header names lower-cased, in arrival order.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Set when no complete HTTP response arrived.
    public var failure: Failure?

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [], failure: Failure? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.failure = failure
    }

    public func header(_ name: String) -> String? {
        let wanted = name.asciiLowercased
        return headers.last { $0.name == wanted }?.value
    }
}

/// HTTP exchanges through the run's transport (`RequestTransport`; libcurl, which is loaded the
/// first time a request is made, unless the run was given another).
public enum HTTPTransport {
    /// Performs the requests, at most `parallel` at a time, in the order given. While they are in
    /// flight, `tick` (if any) runs every `tickInterval` milliseconds, the first time one interval in.
    public static func perform(
        _ requests: [HTTPRequest], parallel: Int = 1, environment: Environment,
        tickInterval: Int = 60, tick: (() -> Void)? = nil
    ) throws(ImptError) -> [HTTPResponse] {
        guard let first = requests.first else { return [] }
        let pool = try CurlTransport.current.makePool(firstURL: first.url, environment: environment)
        var responses = [HTTPResponse?](repeating: nil, count: requests.count)
        var next = 0, finished = 0
        var nextTick = Clock.monotonicMilliseconds() + Int64(tickInterval)
        while finished < requests.count {
            while next < requests.count && pool.count < max(1, parallel) {
                pool.add(requests[next], tag: next)
                next += 1
            }
            let wait = tick == nil ? 1000 : max(1, Int(nextTick - Clock.monotonicMilliseconds()))
            pool.run(waitMilliseconds: wait)
            while let done = pool.take() {
                responses[done.tag] = done.response
                finished += 1
            }
            if let tick, Clock.monotonicMilliseconds() >= nextTick {
                tick()
                nextTick = Clock.monotonicMilliseconds() + Int64(tickInterval)
            }
        }
        return responses.map { $0! }
    }

    /// Starts loading libcurl on another thread (see `impt_curl_prefetch`).
    static func prefetchLibrary(expectTLS: Bool) {
        impt_curl_prefetch(expectTLS)
    }

    static func loadLibrary(expectTLS: Bool) throws(ImptError) {
        guard !impt_curl_is_loaded() else { return }
        var error = [CChar](repeating: 0, count: 256)
        guard impt_curl_load(expectTLS, &error, error.count) == 0 else {
            let reason = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw ImptError(IMPT_ERR_NETWORK, "HTTP support is unavailable: \(reason).")
        }
    }

    /// Header lines of the last response in the block (earlier blocks belong to redirects or
    /// interim responses).
    static func parseHeaders(_ block: String) -> [(name: String, value: String)] {
        var headers: [(String, String)] = []
        for raw in block.utf8.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) {
            let line = Array(raw)
            if line.starts(with: Array("HTTP/".utf8)) {
                headers.removeAll()
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: line[..<colon], as: UTF8.self).asciiLowercased
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmed
            headers.append((name, value))
        }
        return headers
    }

    /// The proxy for a URL from `HTTPS_PROXY`/`https_proxy` or `HTTP_PROXY`/`http_proxy`, by
    /// scheme. Loopback addresses are always reached directly.
    static func proxy(for url: String, environment: Environment) -> String? {
        let isHTTPS = url.asciiLowercased.hasPrefix("https:")
        if isLoopback(url) { return nil }
        return isHTTPS
            ? environment.nonEmpty("HTTPS_PROXY") ?? environment.nonEmpty("https_proxy")
            : environment.nonEmpty("HTTP_PROXY") ?? environment.nonEmpty("http_proxy")
    }

    static func isLoopback(_ url: String) -> Bool {
        guard let schemeEnd = url.range(of: "://") else { return false }
        var rest = url[schemeEnd.upperBound...]
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        let host: Substring
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = rest[rest.index(after: rest.startIndex)..<close]
        } else if let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
        } else {
            host = rest
        }
        let name = String(host).asciiLowercased
        return name == "localhost" || name == "::1" || name.hasPrefix("127.")
    }
}

extension String {
    func range(of needle: String) -> Range<String.Index>? {
        guard !needle.isEmpty else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) {
                return index..<self.index(index, offsetBy: needle.count)
            }
            index = self.index(after: index)
        }
        return nil
    }
}
