import ImptPluginAPI

/// A plugin's own settings (impt.config/2): an object in the project file under
/// `pluginSettings.<group>`, or the user's file `$XDG_CONFIG_HOME/impt/plugins/<group>.json`
/// (`~/.config/impt/plugins/<group>.json` when XDG_CONFIG_HOME is unset or not absolute).
struct PluginSettings {
    let group: String
    let directory: String
    let environment: Environment

    /// The user settings file of the group.
    var userPath: String {
        var base = environment.nonEmpty("XDG_CONFIG_HOME") ?? ""
        if !base.hasPrefix("/") { base = FileSystem.join(environment["HOME"] ?? ".", ".config") }
        return FileSystem.join(FileSystem.join(base, "impt/plugins"), "\(group).json")
    }

    private var userCorrupted: ImptError {
        ImptError(IMPT_ERR_CONFIG, "Settings File of plugin group \"\(group)\" (\(userPath)) is corrupted.")
    }

    private var projectCorrupted: ImptError {
        ImptError(IMPT_ERR_CONFIG, "Settings of plugin group \"\(group)\" in Project File are corrupted.")
    }

    func load(_ scope: impt_settings_scope) throws(ImptError) -> JSONObject {
        switch scope {
        case IMPT_SETTINGS_PROJECT:
            let project = try ProjectFile.load(in: directory)
            guard let all = project.document[ProjectFile.pluginSettingsKey] else { return JSONObject() }
            guard case .object(let groups) = all else { throw projectCorrupted }
            guard let mine = groups[group] else { return JSONObject() }
            guard case .object(let settings) = mine else { throw projectCorrupted }
            return settings
        case IMPT_SETTINGS_USER:
            let path = userPath
            guard FileSystem.exists(path) else { return JSONObject() }
            guard let bytes = ConfigFileLimit.read(path), case .object(let settings)? = try? JSONParser.parse(bytes: bytes)
            else { throw userCorrupted }
            return settings
        default:
            throw ImptError.invalidArgument("Unknown settings scope \(scope.rawValue).")
        }
    }

    func save(_ scope: impt_settings_scope, _ settings: JSONObject) throws(ImptError) {
        switch scope {
        case IMPT_SETTINGS_PROJECT:
            var project = try ProjectFile.load(in: directory)
            var groups = JSONObject()
            if let all = project.document[ProjectFile.pluginSettingsKey] {
                guard case .object(let existing) = all else { throw projectCorrupted }
                groups = existing
            }
            groups[group] = .object(settings)
            project.merge(JSONObject([(ProjectFile.pluginSettingsKey, .object(groups))]))
            try project.save(in: directory)
        case IMPT_SETTINGS_USER:
            let path = userPath
            FileSystem.makeDirectories(FileSystem.directoryName(path), mode: 0o700)
            do throws(FileError) {
                try FileSystem.writeAtomically(path, Array(JSONWriter.write(.object(settings), pretty: true).utf8), mode: 0o600)
            } catch {
                throw .file(error)
            }
        default:
            throw ImptError.invalidArgument("Unknown settings scope \(scope.rawValue).")
        }
    }
}
