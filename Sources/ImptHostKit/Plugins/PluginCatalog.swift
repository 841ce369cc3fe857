import ImptPluginAPI

/// One `.so` file found in a plugin directory.
public struct PluginEntry: Equatable, Sendable {
    public enum Outcome: Equatable, Sendable {
        case ready(PluginInfo)
        case rejected(String)
        /// The same file as an entry found earlier (another path to it): neither used nor a conflict.
        case sameFile(as: String)
    }

    public var path: String
    public var size: Int64
    public var modified: Int64
    /// The file's status change time (see `FileSystem.Status.changed`).
    public var changed: Int64
    public var outcome: Outcome

    /// Whether `status` describes the same file contents as when this entry was made.
    func matches(_ status: FileSystem.Status) -> Bool {
        size == status.size && modified == status.modified && changed == status.changed
    }

    public var info: PluginInfo? {
        if case .ready(let info) = outcome { return info }
        return nil
    }
}

/// The plugins installed in the plugin directories, found through a cache so that neither help
/// nor completion opens a plugin: each file's declarations are remembered under its path, size,
/// modification and status change times, and only new or changed files are inspected again, each in a child
/// process (`PluginInspector`), so that a plugin that crashes while loading cannot break impt.
public final class PluginCatalog {
    public let directories: [PluginDirectory]
    public private(set) var entries: [PluginEntry] = []
    /// One line per skipped file, for standard error.
    public private(set) var warnings: [String] = []
    private let cache: PluginCache
    /// What inspecting each file found, before group owners are resolved: the cache's content.
    private var inspected: [PluginEntry] = []
    private let host: UnsafePointer<impt_host>
    private let inspector: String

    /// - Parameter inspector: the impt executable started to inspect new files.
    public init(directories: [PluginDirectory], cachePath: String?, host: UnsafePointer<impt_host>, inspector: String = "/proc/self/exe") {
        self.directories = directories
        cache = PluginCache(path: cachePath)
        self.host = host
        self.inspector = inspector
        scan()
    }

    public static func defaultCachePath(environment: Environment, executable: String? = FileSystem.executablePath) -> String? {
        PluginCache.defaultPath(environment: environment, executable: executable)
    }

    /// The entry providing `group`, if any.
    public func entry(forGroup group: String) -> PluginEntry? {
        entries.first { $0.info?.group == group }
    }

    /// Installed groups with their summaries, sorted by name.
    public var groups: [(name: String, summary: String)] {
        entries.compactMap { $0.info.map { ($0.group, $0.summary) } }.sorted { $0.name < $1.name }
    }

    /// The declarations of a usable entry, from the cache. When the cache's copy is damaged, the
    /// file is inspected again (in a child process) and the cache rewritten.
    public func declarations(of entry: PluginEntry) -> GroupSpec? {
        guard let info = entry.info else { return nil }
        if let declarations = info.declarations { return declarations }
        var elf: ELFSummary?
        var outcome = Self.checkWithoutOpening(entry.path, elf: &elf)
        var cacheable = true
        if let elf, let fresh = PluginInspector.inspect([(entry.path, elf)], executable: inspector).first {
            outcome = fresh.result
            cacheable = fresh.cacheable
        }
        if cacheable, let index = inspected.firstIndex(where: { $0.path == entry.path }) {
            inspected[index].outcome = outcome
            cache.write(inspected)
        }
        guard case .ready(let info) = outcome, info.group == entry.info?.group else { return nil }
        return info.declarations
    }

    /// Opens the plugin of an entry to run one of its commands. Its file passed every check in an
    /// inspection process, which the cache records under its size and time.
    public func load(_ entry: PluginEntry) throws(PluginRejection) -> LoadedPlugin {
        try PluginLoader.load(path: entry.path, elf: nil, host: host)
    }

    // MARK: Scanning

    private struct Found {
        var entry: PluginEntry
        var installed: Bool
        var elf: ELFSummary?
        var cacheable = true

        var isSameFile: Bool {
            if case .sameFile = entry.outcome { return true }
            return false
        }
    }

    private func scan() {
        let cached = cache.read()
        var found: [Found] = []
        var seenFiles: [(device: UInt64, inode: UInt64, path: String)] = []
        var changed = false
        for directory in directories {
            for name in directory.fileNames() {
                let path = FileSystem.join(directory.path, name)
                guard !found.contains(where: { $0.entry.path == path }), let status = FileSystem.status(path), status.isRegularFile
                else { continue }
                var entry = PluginEntry(
                    path: path, size: status.size, modified: status.modified, changed: status.changed, outcome: .rejected(""))
                if let first = seenFiles.first(where: { $0.device == status.device && $0.inode == status.inode }) {
                    entry.outcome = .sameFile(as: first.path)
                    found.append(Found(entry: entry, installed: directory.isInstalled))
                    continue
                }
                seenFiles.append((status.device, status.inode, path))
                if let hit = cached.first(where: { $0.path == path }), hit.matches(status) {
                    found.append(Found(entry: hit, installed: directory.isInstalled))
                    continue
                }
                changed = true
                var item = Found(entry: entry, installed: directory.isInstalled)
                item.entry.outcome = Self.checkWithoutOpening(path, elf: &item.elf)
                found.append(item)
            }
        }
        inspectOpenable(&found)
        inspected = found.filter { $0.cacheable && !$0.isSameFile }.map(\.entry)
        // Entries of directories this run did not search (another IMPT_PLUGIN_PATH) are kept.
        let searched = Set(directories.map(\.path))
        let kept = cached.filter { !searched.contains(FileSystem.directoryName($0.path)) }
        if changed || inspected.count + kept.count != cached.count { cache.write(inspected + kept) }
        inspected += kept
        resolveOwners(&found)
        entries = found.map(\.entry)
        warnings = entries.compactMap { entry in
            if case .rejected(let reason) = entry.outcome { return "impt: skipping plugin \(entry.path): it \(reason)" }
            return nil
        }
    }

    /// The checks that run no code of the file: its ELF headers. Returns why it cannot be used;
    /// `elf` is set when it may be opened.
    private static func checkWithoutOpening(_ path: String, elf: inout ELFSummary?) -> PluginEntry.Outcome {
        do {
            let summary = try ELFInspector.inspect(path: path)
            try PluginLoader.checkBeforeOpening(summary)
            elf = summary
            return .rejected("")
        } catch let error as ELFError {
            return .rejected(error.description)
        } catch let error as PluginRejection {
            return .rejected(error.reason)
        } catch {
            return .rejected("cannot be inspected")
        }
    }

    /// Inspects the files that passed the ELF checks, all at once.
    private func inspectOpenable(_ found: inout [Found]) {
        let pending = found.indices.filter { found[$0].elf != nil }
        let outcomes = PluginInspector.inspect(pending.map { (found[$0].entry.path, found[$0].elf!) }, executable: inspector)
        for (index, outcome) in zip(pending, outcomes) {
            found[index].entry.outcome = outcome.result
            found[index].cacheable = outcome.cacheable
        }
    }

    /// The first file in search order owns a group name. A later file declaring it is skipped;
    /// groups installed with impt cannot be replaced by the user's directories.
    private func resolveOwners(_ found: inout [Found]) {
        var owners: [Found] = []
        for index in found.indices {
            guard let info = found[index].entry.info else { continue }
            if let owner = owners.first(where: { $0.entry.info?.group == info.group }) {
                let rule = owner.installed && !found[index].installed ? " (groups installed with impt cannot be replaced)" : ""
                found[index].entry.outcome = .rejected("declares group \"\(info.group)\", which \(owner.entry.path) already provides\(rule)")
            } else {
                owners.append(found[index])
            }
        }
    }
}
