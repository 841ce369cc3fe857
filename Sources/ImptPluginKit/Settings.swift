import ImptPluginAPI

/// Where a plugin's own settings live (impt.config/2).
public enum SettingsScope {
    /// The project file of the current directory.
    case project
    /// The user's settings file for the plugin.
    case user

    var raw: Int32 {
        switch self {
        case .project: return Int32(IMPT_SETTINGS_PROJECT.rawValue)
        case .user: return Int32(IMPT_SETTINGS_USER.rawValue)
        }
    }
}

extension Context {
    private func config2() throws(PluginFailure) -> UnsafePointer<impt_config_v2> {
        guard let table = PluginHost.config2 else {
            throw fail(IMPT_ERR_INTERNAL, "Internal error: this impt cannot store plugin settings (it lacks impt.config/2).")
        }
        return table
    }

    /// The plugin's settings object for `scope` (empty when none are saved).
    public func loadSettings(_ scope: SettingsScope) throws(PluginFailure) -> Value {
        var out: OpaquePointer?
        let status = try config2().pointee.settings_load(handle, scope.raw, &out)
        guard status == Int32(IMPT_OK.rawValue), let out else { throw PluginFailure(status: status) }
        return Value(context: self, handle: out)
    }

    /// Replaces the plugin's settings object for `scope`.
    public func saveSettings(_ scope: SettingsScope, _ settings: JSONLiteral) throws(PluginFailure) {
        let status = try config2().pointee.settings_save(handle, scope.raw, make(settings).handle)
        guard status == Int32(IMPT_OK.rawValue) else { throw PluginFailure(status: status) }
    }
}
