import Hummingbird

/// Response helpers shared by the handlers.
enum Responses {
    static let jsonAPI = "application/vnd.api+json"

    static func document(_ writer: JSONWriter, status: HTTPResponse.Status = .ok) -> Response {
        buffer(writer.byteBuffer, status: status)
    }

    static func buffer(_ body: ByteBuffer, status: HTTPResponse.Status = .ok, contentType: String = jsonAPI)
        -> Response
    {
        Response(
            status: status,
            headers: [.contentType: contentType, .contentLength: String(body.readableBytes)],
            body: .init(byteBuffer: body))
    }

    static func plainJSON(_ writer: JSONWriter, status: HTTPResponse.Status = .ok) -> Response {
        buffer(writer.byteBuffer, status: status, contentType: "application/json")
    }

    static var noContent: Response {
        Response(status: .noContent)
    }

    static func error(_ error: APIError) -> Response {
        buffer(error.document.byteBuffer, status: HTTPResponse.Status(code: error.httpStatus))
    }

    static func created(_ writer: JSONWriter) -> Response {
        document(writer, status: .created)
    }
}

/// `HTTPField.Name` (HTTPTypes is not imported directly; the name is reached through HTTPFields).
typealias HeaderName = HTTPFields.Element.Name

extension HTTPFields.Element.Name {
    static let rateLimitLimit = HeaderName("X-RateLimit-Limit")!
    static let rateLimitRemaining = HeaderName("X-RateLimit-Remaining")!
    static let rateLimitReset = HeaderName("X-RateLimit-Reset")!
    static let electricimpPassword = HeaderName("X-Electricimp-Password")!
    static let electricimpOTP = HeaderName("X-Electricimp-OTP-Token")!
    static let electricimpKey = HeaderName("X-Electricimp-Key")!
}
