#if canImport(Glibc)
import Glibc
#endif

/// The rule for the source files a project file names: they stay inside the directory that holds
/// the project file. A project file is untrusted input (it arrives with a cloned repository or an
/// unpacked archive), so a name such as `../x.nut`, `/etc/passwd` or a symbolic link leading out of
/// the directory must never make impt read, write or delete a file elsewhere.
///
/// Shared by the host (which checks every project file it loads or saves) and the Swift SDK (so a
/// command can refuse a bad option before it changes anything).
public enum SourcePathRule {
    /// Why a path breaks the rule.
    public enum Violation: Equatable, Sendable {
        /// An absolute path.
        case absolute
        /// A relative path whose `..` components, or a symbolic link on its way, lead out of the
        /// directory.
        case outside
        /// A symbolic link on its way that cannot be resolved (dangling, or a loop).
        case unresolvable

        /// The explanation shown after the path.
        public var reason: String {
            switch self {
            case .absolute: return "it is an absolute path; a Project's source files must be inside its directory"
            case .outside: return "it is outside the Project's directory"
            case .unresolvable: return "it leads through a symbolic link that cannot be resolved"
            }
        }
    }

    /// Checks `path`, relative to `directory`. Empty paths name no file and pass.
    public static func violation(of path: String, in directory: String) -> Violation? {
        if path.isEmpty { return nil }
        if path.hasPrefix("/") { return .absolute }
        var depth = 0
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                depth -= 1
                if depth < 0 { return .outside }
            default:
                depth += 1
            }
        }
        guard let base = resolved(directory) else { return .unresolvable }
        // The longest part of the path that exists decides where the rest would be created.
        var candidate = trimmed(directory == "/" ? "/" + path : directory + "/" + path)
        while true {
            var info = stat()
            if lstat(candidate, &info) == 0 {
                guard let real = resolved(candidate) else { return .unresolvable }
                return contains(base, real) ? nil : .outside
            }
            guard let parent = parentOf(candidate), parent.count >= directory.count else { return nil }
            candidate = parent
        }
    }

    private static func contains(_ base: String, _ path: String) -> Bool {
        path == base || path.hasPrefix(base == "/" ? "/" : base + "/")
    }

    private static func resolved(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    private static func trimmed(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        return String(path)
    }

    /// The path without its last component, or nil at the root.
    private static func parentOf(_ path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        if slash == path.startIndex { return path == "/" ? nil : "/" }
        return trimmed(String(path[..<slash]))
    }
}
