import ImptPluginAPI
import ImptPluginKit

/// The `--env-variable` option: JSON object text that becomes the group's `env_vars`.
enum EnvironmentVariables {
    /// The parsed object, or a usage failure. Text that is not JSON is also reported on standard
    /// error as `Invalid JSON string: <text>`, as the original impt does.
    static func parse(_ context: Context, _ text: String?) throws(PluginFailure) -> Value? {
        guard let text else { return nil }
        guard let value = context.parseJSON(text) else {
            context.standardError("Invalid JSON string: \(text)\n")
            throw context.usage("Option \"--env-variable\" has incorrect value \"\(text)\".")
        }
        guard value.kind == IMPT_VALUE_OBJECT else {
            throw context.usage("Option \"--env-variable\" has incorrect value \"\(text)\".")
        }
        return value
    }
}
