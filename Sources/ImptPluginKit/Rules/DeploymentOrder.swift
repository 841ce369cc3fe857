import ImptPluginAPI

/// impCentral's order of Deployments: by creation. Its `created_at` timestamps are UTC in one
/// fixed ISO 8601 form, so comparing the text orders them in time.
public enum DeploymentOrder {
    /// `attributes.created_at`, or "" when missing.
    public static func createdAt(_ deployment: Value) -> String {
        deployment.lookup("attributes.created_at")?.string ?? ""
    }

    /// Whether `deployment` was created before `other`.
    public static func isOlder(_ deployment: Value, than other: Value) -> Bool {
        createdAt(deployment) < createdAt(other)
    }
}
