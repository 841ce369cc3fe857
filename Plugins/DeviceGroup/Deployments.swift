import ImptPluginKit

/// Ordering of Deployments by creation, as impt compares them.
enum Deployments {
    /// Whether `build` was created before `other` (ISO 8601 UTC timestamps compare as text).
    static func isOlder(_ build: Value, than other: Value) -> Bool {
        let created = build.lookup("attributes.created_at")?.string ?? ""
        let otherCreated = other.lookup("attributes.created_at")?.string ?? ""
        return created < otherCreated
    }
}
