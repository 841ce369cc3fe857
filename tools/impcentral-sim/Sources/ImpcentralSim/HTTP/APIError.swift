/// One entry of a JSON:API error document.
public struct APIErrorEntry: Sendable, Equatable {
    public var status: Int
    public var title: String
    public var detail: String
    public var code: String
    /// Optional `meta` member, written verbatim.
    public var meta: JSONValue?

    public init(status: Int, title: String, detail: String, code: String, meta: JSONValue? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.code = code
        self.meta = meta
    }
}

/// An error answered as `{"errors":[{"title","detail","status","code"}]}` with an HTTP status.
///
/// Codes follow the real service's prefixes: VX validation, CX constraint, NF not found,
/// PX permission, AX authentication, RX rate limit, XX internal.
public struct APIError: Error, Sendable, Equatable {
    public var httpStatus: Int
    public var entries: [APIErrorEntry]

    public init(_ status: Int, _ title: String, _ detail: String, code: String, meta: JSONValue? = nil) {
        httpStatus = status
        entries = [APIErrorEntry(status: status, title: title, detail: detail, code: code, meta: meta)]
    }

    public init(httpStatus: Int, entries: [APIErrorEntry]) {
        self.httpStatus = httpStatus
        self.entries = entries
    }

    /// The error document body.
    public var document: JSONWriter {
        var w = JSONWriter(capacity: 256)
        w.raw("{\"errors\":[")
        for (i, e) in entries.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.raw("{\"title\":")
            w.string(e.title)
            w.raw(",\"detail\":")
            w.string(e.detail)
            w.raw(",\"status\":")
            w.string(String(e.status))
            w.raw(",\"code\":")
            w.string(e.code)
            if let meta = e.meta {
                w.raw(",\"meta\":")
                w.value(meta)
            }
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("]}")
        return w
    }
}

// MARK: - The catalogue of errors used by the simulator

extension APIError {
    // Not found
    static func notFound(_ what: String) -> APIError {
        APIError(404, "Resource Not Found", "The requested \(what) could not be found.", code: "NF001")
    }

    static func routeNotFound(_ path: String) -> APIError {
        APIError(404, "Not Found", "There is no endpoint at \(path).", code: "NF000")
    }

    static func methodNotAllowed(_ method: String, _ path: String) -> APIError {
        APIError(405, "Method Not Allowed", "\(method) is not supported on \(path).", code: "VX000")
    }

    // Authentication
    static let missingToken = APIError(
        401, "Unauthorized", "An access token is required: send it as 'Authorization: Bearer <access_token>'.",
        code: "AX001")
    static let invalidToken = APIError(401, "Unauthorized", "The access token is invalid.", code: "AX002")
    static let expiredToken = APIError(401, "Unauthorized", "The access token has expired.", code: "AX003")
    static let badCredentials = APIError(
        401, "Invalid Credentials", "The username/email or password is incorrect.", code: "AX004")
    static let badOTP = APIError(
        401, "Invalid Credentials", "The one-time password is missing or incorrect.", code: "AX005")
    static let badLoginToken = APIError(
        401, "Invalid Credentials", "The login token is unknown or has expired.", code: "AX006")
    static let wrongPassword = APIError(
        403, "Invalid Password",
        "This operation requires the account password in the X-Electricimp-Password header.", code: "PX002")

    static func forbidden(_ detail: String) -> APIError {
        APIError(403, "Invalid Permission", detail, code: "PX001")
    }

    /// History and live streams of devices in production device groups are not offered.
    static let productionLogs = APIError(
        403, "Invalid Permission", "Logs of devices in production device groups are not available through the API.",
        code: "PX003")

    // Request format
    static func malformedJSON(_ reason: String) -> APIError {
        APIError(400, "Malformed Request", "The request body is not valid JSON: \(reason).", code: "VX001")
    }

    static func invalidDocument(_ detail: String) -> APIError {
        APIError(400, "Invalid Request", detail, code: "VX002")
    }

    /// A string in the path, the query or the body holds U+0000.
    static let nulCharacter = APIError(
        400, "Invalid Attribute", "Strings must not contain the NUL character (U+0000).", code: "VX003")

    static func invalidAttribute(_ detail: String) -> APIError {
        APIError(400, "Invalid Attribute", detail, code: "VX003")
    }

    static func unknownAttribute(_ name: String, _ type: String) -> APIError {
        APIError(400, "Invalid Attribute", "'\(name)' is not a writable attribute of \(type).", code: "VX004")
    }

    static func invalidRelationship(_ detail: String) -> APIError {
        APIError(400, "Invalid Relationship", detail, code: "VX005")
    }

    static func invalidQuery(_ detail: String) -> APIError {
        APIError(400, "Invalid Query Parameter", detail, code: "VX006")
    }

    static func unsupportedMediaType(_ given: String) -> APIError {
        APIError(
            415, "Unsupported Media Type",
            "Content-Type '\(given)' is not supported; send application/vnd.api+json or application/json.",
            code: "VX007")
    }

    static func payloadTooLarge(_ limit: Int) -> APIError {
        APIError(413, "Payload Too Large", "The request body exceeds the limit of \(limit) bytes.", code: "VX008")
    }

    static let invalidURL = APIError(400, "Invalid URL", "The provided URL is invalid.", code: "VX009")

    // Constraints (exact texts of the reference)
    static let duplicateProduct = APIError(
        409, "Duplicate Resource", "Products must have unique names.", code: "CX001")
    static let duplicateDeviceGroup = APIError(
        409, "Duplicate Resource", "Devicegroups must have unique names.", code: "CX001")
    static let dependentDeviceGroups = APIError(
        409, "Dependent Devicegroups Exist", "Cannot delete a product with associated devicegroups.", code: "CX002")
    static let flaggedDeploymentsExist = APIError(
        409, "Flagged Deployments Exist",
        "Cannot delete a devicegroup with flagged deployments; delete those first.", code: "CX003")
    static let resourceFlagged = APIError(
        409, "Resource Flagged",
        "You cannot delete flagged deployments; set the flagged attribute to false and try again.", code: "CX004")
    static let devicesAssigned = APIError(
        409, "Devices Assigned", "Cannot delete a devicegroup with assigned devices; unassign them first.",
        code: "CX006")
    static let deviceGroupIsTarget = APIError(
        409, "Devicegroup In Use",
        "Cannot delete a devicegroup that is the production or DUT target of another devicegroup.", code: "CX007")
    static let deploymentInUse = APIError(
        409, "Deployment In Use",
        "Cannot delete the min supported deployment of a devicegroup or a newer deployment.", code: "CX008")
    static let deviceAssigned = APIError(
        409, "Device Assigned",
        "Cannot remove a device that is assigned to a devicegroup; unassign it first.", code: "CX009")
    static let loginKeyLimit = APIError(
        409, "Account Limit Reached", "This account already has the maximum number of login keys.", code: "CX010")
    static let duplicateDevice = APIError(
        409, "Duplicate Resource", "A device with this id, MAC address or agent id already exists.", code: "CX011")

    static func compilationError(_ rows: [JSONValue]) -> APIError {
        APIError(
            400, "Compilation Error", "The code could not be compiled.", code: "CX005", meta: .array(rows))
    }

    // Rate limiting
    static let rateLimited = APIError(
        429, "Too Many Requests", "The request rate limit has been exceeded; retry after the reset time.",
        code: "RX001")

    static func internalError(_ detail: String) -> APIError {
        APIError(500, "Internal Error", detail, code: "XX001")
    }
}
