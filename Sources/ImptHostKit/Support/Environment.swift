#if canImport(Glibc)
import Glibc
#endif

/// Read access to environment variables; tests substitute a fixed set.
public struct Environment: Sendable {
    private let overrides: [String: String]?

    public init(_ variables: [String: String]) {
        overrides = variables
    }

    private init() {
        overrides = nil
    }

    /// The process environment.
    public static var current: Environment { Environment() }

    public subscript(name: String) -> String? {
        if let overrides { return overrides[name] }
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// The value if set and not empty.
    public func nonEmpty(_ name: String) -> String? {
        guard let value = self[name], !value.isEmpty else { return nil }
        return value
    }
}
