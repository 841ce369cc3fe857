import ImptPluginAPI

/// One line of a failure report.
public enum FailureLine: Equatable, Sendable {
    /// Printed as `Error: <text>` (`{"Error": ...}` in json mode).
    case error(String)
    /// Printed as an informational line.
    case info(String)
    /// Entities rendered as a result in text modes (the candidates of an ambiguous identifier).
    case entities(JSON)
}

/// A failure inside impt, with the status handed to plugins and the lines the user sees.
public struct ImptError: Error, Equatable, Sendable {
    public var status: Int32
    public var httpStatus: Int32
    public var lines: [FailureLine]
    /// The `status` of each entry of an impCentral error document.
    public var entryStatuses: [Int64] = []

    public init(status: impt_status, httpStatus: Int32 = 0, lines: [FailureLine]) {
        self.status = Int32(status.rawValue)
        self.httpStatus = httpStatus
        self.lines = lines
    }

    public init(_ status: impt_status, _ message: String, httpStatus: Int32 = 0) {
        self.init(status: status, httpStatus: httpStatus, lines: [.error(message)])
    }

    /// The first error text: what `impt_host.last_error` reports.
    public var message: String {
        for line in lines { if case .error(let text) = line { return text } }
        for line in lines { if case .info(let text) = line { return text } }
        return "Unexpected state"
    }

    public static func usage(_ message: String) -> ImptError { ImptError(IMPT_ERR_USAGE, message) }
    public static func invalidArgument(_ message: String) -> ImptError { ImptError(IMPT_ERR_INVALID_ARGUMENT, message) }
    public static func internalError(_ detail: String) -> ImptError {
        ImptError(IMPT_ERR_INTERNAL, "Internal error: \(detail).")
    }
    public static let cancelled = ImptError(status: IMPT_ERR_CANCELLED, lines: [.info("Operation is canceled.")])

    /// `<Type> "<identifier>" is not found.`
    public static func notFound(_ type: String, _ identifier: String) -> ImptError {
        ImptError(IMPT_ERR_NOT_FOUND, "\(type) \"\(identifier)\" is not found.", httpStatus: 404)
    }

    /// `<Type> "<identifier>" is not found.`; a login key (a credential) is shown as `[hidden]`.
    static func notFound(_ kind: EntityKind, _ identifier: String) -> ImptError {
        notFound(kind.typeName, kind == .loginKey ? "[hidden]" : identifier)
    }

    /// `File error: <file>: <reason>.`
    public static func file(_ error: FileError) -> ImptError {
        ImptError(IMPT_ERR_IO, "File error: \(error.path): \(error.reason).")
    }
}
