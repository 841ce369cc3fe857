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
    public var timeoutMilliseconds: Int = 60_000

    public init(method: String, url: String, headers: [String] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names lower-cased, in arrival order.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Set when no HTTP response arrived (connection refused, timeout, ...).
    public var transportError: String?
    /// Whether the transport error is a failed TLS handshake or certificate check.
    public var tlsFailure = false

    public func header(_ name: String) -> String? {
        let wanted = name.asciiLowercased
        return headers.last { $0.name == wanted }?.value
    }
}

/// HTTP exchanges through libcurl, which is loaded the first time a request is made.
public enum HTTPTransport {
    /// Performs the requests, at most `parallel` at a time, in the order given. While they are in
    /// flight, `tick` (if any) runs every `tickInterval` milliseconds, the first time one interval in.
    public static func perform(
        _ requests: [HTTPRequest], parallel: Int = 1, environment: Environment,
        tickInterval: Int = 60, tick: (() -> Void)? = nil
    ) throws(ImptError) -> [HTTPResponse] {
        try loadLibrary(expectTLS: requests.first?.url.asciiLowercased.hasPrefix("https:") ?? false)
        var allocations: [UnsafeMutableRawPointer] = []
        defer { allocations.forEach { free($0) } }
        func cString(_ text: String) -> UnsafePointer<CChar> {
            let copy = CString.duplicate(text)
            allocations.append(UnsafeMutableRawPointer(copy))
            return UnsafePointer(copy)
        }

        var exchanges = [impt_http_exchange](repeating: impt_http_exchange(), count: requests.count)
        for (index, request) in requests.enumerated() {
            let headerArray = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: max(1, request.headers.count))
            allocations.append(UnsafeMutableRawPointer(headerArray))
            for (i, header) in request.headers.enumerated() { headerArray[i] = cString(header) }
            exchanges[index].method = cString(request.method)
            exchanges[index].url = cString(request.url)
            exchanges[index].headers = UnsafePointer(headerArray)
            exchanges[index].header_count = request.headers.count
            // A single request's body is read in place (below); several are copied for libcurl.
            if let body = request.body, requests.count > 1 {
                let copy = malloc(max(1, body.count))!
                allocations.append(copy)
                body.withUnsafeBytes { if let base = $0.baseAddress { copy.copyMemory(from: base, byteCount: body.count) } }
                exchanges[index].body = UnsafePointer(copy.assumingMemoryBound(to: CChar.self))
                exchanges[index].body_length = body.count
            }
            exchanges[index].connect_timeout_ms = 10_000
            exchanges[index].timeout_ms = request.timeoutMilliseconds
            if let proxy = proxy(for: request.url, environment: environment) { exchanges[index].proxy = cString(proxy) }
            if let noProxy = environment.nonEmpty("NO_PROXY") ?? environment.nonEmpty("no_proxy") {
                exchanges[index].no_proxy = cString(noProxy)
            }
            // Certificate authorities to trust instead of the system's, as for the curl tool (for
            // example behind a TLS-inspecting company proxy).
            if let bundle = environment.nonEmpty("CURL_CA_BUNDLE") { exchanges[index].ca_bundle = cString(bundle) }
        }
        let ticker = tick.map(Ticker.init)
        func run() -> Int32 {
            exchanges.withUnsafeMutableBufferPointer { buffer in
                withExtendedLifetime(ticker) {
                    impt_http_perform(
                        buffer.baseAddress, buffer.count, max(1, parallel),
                        ticker == nil ? nil : { context in Unmanaged<Ticker>.fromOpaque(context!).takeUnretainedValue().action() },
                        ticker.map { Unmanaged.passUnretained($0).toOpaque() }, tickInterval)
                }
            }
        }
        let outcome: Int32
        if requests.count == 1, let body = requests[0].body {
            // No copy of a large body (megabytes of source code) while the response arrives.
            outcome = body.withUnsafeBytes { raw in
                exchanges[0].body = raw.baseAddress?.assumingMemoryBound(to: CChar.self) ?? UnsafePointer(cString(""))
                exchanges[0].body_length = raw.count
                defer { exchanges[0].body = nil }
                return run()
            }
        } else {
            outcome = run()
        }
        guard outcome == 0 else { throw ImptError.internalError("libcurl is not available") }
        return exchanges.indices.map { index in
            defer { impt_http_exchange_release(&exchanges[index]) }
            return response(from: exchanges[index])
        }
    }

    /// Carries the tick closure through the C callback's context pointer.
    private final class Ticker {
        let action: () -> Void
        init(_ action: @escaping () -> Void) { self.action = action }
    }

    private static func loadLibrary(expectTLS: Bool) throws(ImptError) {
        var error = [CChar](repeating: 0, count: 256)
        guard impt_curl_load(expectTLS, &error, error.count) == 0 else {
            let reason = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw ImptError(IMPT_ERR_NETWORK, "HTTP support is unavailable: \(reason).")
        }
    }

    private static func response(from exchange: impt_http_exchange) -> HTTPResponse {
        let body = exchange.response_body.map {
            Array(UnsafeRawBufferPointer(start: $0, count: exchange.response_body_length))
        } ?? []
        let headerText = exchange.response_headers.map {
            String(decoding: UnsafeRawBufferPointer(start: $0, count: exchange.response_headers_length), as: UTF8.self)
        } ?? ""
        var error: String?
        if exchange.transport_error != 0 {
            error = withUnsafeBytes(of: exchange.error) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return HTTPResponse(
            status: exchange.status, headers: parseHeaders(headerText), body: body, transportError: error,
            tlsFailure: exchange.tls_failure)
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
