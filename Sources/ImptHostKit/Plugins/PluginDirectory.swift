/// A directory impt searches for plugin files, in search order.
public struct PluginDirectory: Equatable, Sendable {
    public var path: String
    /// Installed with impt (beside the executable): its groups cannot be replaced by a directory
    /// searched later.
    public var isInstalled: Bool
    /// Only `libimpt-*.so` files count (the executable's own directory holds other files too).
    public var onlyImptLibraries: Bool

    public init(path: String, isInstalled: Bool, onlyImptLibraries: Bool = false) {
        self.path = path
        self.isInstalled = isInstalled
        self.onlyImptLibraries = onlyImptLibraries
    }

    /// The plugin file names in the directory, sorted.
    func fileNames() -> [String] {
        FileSystem.list(path, prefix: onlyImptLibraries ? "libimpt-" : "", suffix: ".so")
    }

    /// The search order:
    /// 1. the executable's own directory, for `libimpt-*.so` (a build folder: `.build/debug/impt`);
    /// 2. `<prefix>/lib/impt/plugins` for `<prefix>/bin/impt`;
    /// 3. the directories of `IMPT_PLUGIN_PATH` (colon-separated);
    /// 4. the per-user directory, `$XDG_DATA_HOME/impt/plugins` (default `~/.local/share/impt/plugins`).
    /// The first two are installed with impt.
    public static func searchOrder(environment: Environment, executable: String?) -> [PluginDirectory] {
        var directories: [PluginDirectory] = []
        if let executable {
            let own = FileSystem.directoryName(executable)
            directories.append(PluginDirectory(path: own, isInstalled: true, onlyImptLibraries: true))
            directories.append(PluginDirectory(path: FileSystem.join(FileSystem.directoryName(own), "lib/impt/plugins"), isInstalled: true))
        }
        if let list = environment.nonEmpty("IMPT_PLUGIN_PATH") {
            for path in list.split(separator: ":") where !path.isEmpty {
                directories.append(PluginDirectory(path: String(path), isInstalled: false))
            }
        }
        if let data = environment.nonEmpty("XDG_DATA_HOME") {
            directories.append(PluginDirectory(path: FileSystem.join(data, "impt/plugins"), isInstalled: false))
        } else if let home = environment.nonEmpty("HOME") {
            directories.append(PluginDirectory(path: FileSystem.join(home, ".local/share/impt/plugins"), isInstalled: false))
        }
        return directories
    }
}
