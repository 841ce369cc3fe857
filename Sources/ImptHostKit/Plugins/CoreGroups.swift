/// The command groups that come with impt. Each ships in a package of its own (`impt-<group>`), so
/// an installation may lack some: a command of a missing core group is answered with the package
/// that brings it, not as an unknown argument.
public enum CoreGroups {
    /// Every core group, sorted. Package.swift builds one plugin for each (the tests compare).
    public static let names = ["account", "auth", "build", "device", "dg", "log", "loginkey", "product", "project", "webhook"]

    /// The Debian package (and the install.sh group name) that brings a core group.
    public static func package(of group: String) -> String { "impt-\(group)" }

    /// The plugin file name a core group is installed as.
    static func fileName(of group: String) -> String { "libimpt-\(group).so" }

    /// Why the core group `name` cannot be used, when it is one and no plugin provides it: either
    /// its file is missing, or its file is there but was skipped (with the reason). Nil for any
    /// other word.
    static func unavailability(of name: String, in catalog: PluginCatalog) -> String? {
        guard names.contains(name), catalog.entry(forGroup: name) == nil else { return nil }
        let fileName = fileName(of: name)
        for entry in catalog.entries where FileSystem.baseName(entry.path) == fileName {
            guard case .rejected(let reason) = entry.outcome else { continue }
            return "The \"\(name)\" command group cannot be used: \(entry.path) \(reason)."
        }
        return "The \"\(name)\" command group is not installed. It comes with the \(package(of: name)) package."
    }
}
