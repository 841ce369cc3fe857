import Hummingbird

/// The console's responses: HTML pages, redirects, JSON and static assets, each with headers that
/// keep the browser from caching, sniffing, framing or loading anything from elsewhere.
enum ConsoleResponses {
    /// Scripts, styles, forms and fetches only from the simulator itself; no inline script.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'"

    static func html(_ text: String, status: HTTPResponse.Status = .ok, setCookie: String? = nil) -> Response {
        var response = body(text, contentType: "text/html; charset=utf-8", status: status)
        if let setCookie { response.headers[.setCookie] = setCookie }
        return response
    }

    static func json(_ writer: JSONWriter, status: HTTPResponse.Status = .ok) -> Response {
        var response = Responses.plainJSON(writer, status: status)
        secure(&response.headers)
        return response
    }

    /// `303 See Other` to `location` (a path on this server), after a form post or to log in.
    static func redirect(_ location: String, setCookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location, .contentLength: "0"]
        if let setCookie { headers[.setCookie] = setCookie }
        secure(&headers)
        return Response(status: .seeOther, headers: headers)
    }

    /// A script or style sheet of the console (no cookies needed, cached for an hour).
    static func asset(_ text: String, contentType: String) -> Response {
        var response = body(text, contentType: contentType, status: .ok)
        response.headers[.cacheControl] = "max-age=3600"
        return response
    }

    private static func body(_ text: String, contentType: String, status: HTTPResponse.Status) -> Response {
        let buffer = ByteBuffer(string: text)
        var headers: HTTPFields = [.contentType: contentType, .contentLength: String(buffer.readableBytes)]
        secure(&headers)
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    private static func secure(_ headers: inout HTTPFields) {
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.contentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "same-origin"
    }
}

extension HTTPFields.Element.Name {
    static let contentSecurityPolicy = HeaderName("Content-Security-Policy")!
    static let contentTypeOptions = HeaderName("X-Content-Type-Options")!
    static let referrerPolicy = HeaderName("Referrer-Policy")!
    static let csrfToken = HeaderName("X-CSRF-Token")!
}
