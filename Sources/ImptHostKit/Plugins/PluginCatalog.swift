import ImptPluginAPI

/// What is known about one plugin file without loading it again.
public struct PluginInfo: Equatable, Sendable {
    public var group: String
    public var summary: String
    public var version: String
    public var abi: String
    /// "Swift" for libraries that need the Swift runtime, "C" for the others (any native language).
    public var language: String
    public var toolchain: String?
}

/// One `.so` file found in a plugin directory.
public struct PluginEntry: Equatable, Sendable {
    public enum Outcome: Equatable, Sendable {
        case ready(PluginInfo)
        case rejected(String)
    }

    public var path: String
    public var size: Int64
    public var modified: Int64
    public var outcome: Outcome

    public var info: PluginInfo? {
        if case .ready(let info) = outcome { return info }
        return nil
    }
}

/// The plugins installed in the plugin directories, found through a cache so that listing the
/// groups loads no plugin: each file's group and summary are remembered under its path, size and
/// modification time, and only new or changed files are inspected (and opened) again.
public final class PluginCatalog {
    public let directories: [String]
    public private(set) var entries: [PluginEntry] = []
    /// One line per skipped file, for standard error.
    public private(set) var warnings: [String] = []
    private let cachePath: String?
    private let host: UnsafePointer<impt_host>

    /// Directories in search order: `IMPT_PLUGIN_PATH` (colon-separated), the directory installed
    /// beside the executable (`<prefix>/lib/impt/plugins` for `<prefix>/bin/impt`), then the
    /// per-user directory (`$XDG_DATA_HOME/impt/plugins`, default `~/.local/share/impt/plugins`).
    public static func defaultDirectories(environment: Environment, executable: String?) -> [String] {
        var directories: [String] = []
        if let list = environment.nonEmpty("IMPT_PLUGIN_PATH") {
            directories += list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        if let executable {
            let prefix = FileSystem.directoryName(FileSystem.directoryName(executable))
            directories.append(FileSystem.join(prefix, "lib/impt/plugins"))
        }
        if let data = environment.nonEmpty("XDG_DATA_HOME") {
            directories.append(FileSystem.join(data, "impt/plugins"))
        } else if let home = environment.nonEmpty("HOME") {
            directories.append(FileSystem.join(home, ".local/share/impt/plugins"))
        }
        return directories
    }

    /// The cache file: `IMPT_PLUGIN_CACHE` (empty disables it), else under `$XDG_CACHE_HOME` or
    /// `~/.cache`.
    public static func defaultCachePath(environment: Environment) -> String? {
        if let explicit = environment["IMPT_PLUGIN_CACHE"] { return explicit.isEmpty ? nil : explicit }
        if let cache = environment.nonEmpty("XDG_CACHE_HOME") { return FileSystem.join(cache, "impt/plugins.json") }
        if let home = environment.nonEmpty("HOME") { return FileSystem.join(home, ".cache/impt/plugins.json") }
        return nil
    }

    public init(directories: [String], cachePath: String?, host: UnsafePointer<impt_host>) {
        self.directories = directories
        self.cachePath = cachePath
        self.host = host
        scan()
    }

    /// The entry providing `group`, if any.
    public func entry(forGroup group: String) -> PluginEntry? {
        entries.first { $0.info?.group == group }
    }

    /// Installed groups with their summaries, sorted by name.
    public var groups: [(name: String, summary: String)] {
        entries.compactMap { $0.info.map { ($0.group, $0.summary) } }.sorted { $0.name < $1.name }
    }

    /// Opens the plugin of an entry (used to run one of its commands). Its file passed the checks
    /// made before opening when it was inspected, which the cache records under its size and time.
    public func load(_ entry: PluginEntry) throws(PluginRejection) -> LoadedPlugin {
        try PluginLoader.load(path: entry.path, elf: nil, host: host)
    }

    // MARK: Scanning

    private func scan() {
        let cached = readCache()
        var changed = false
        var found: [PluginEntry] = []
        var seenPaths = Set<String>()
        for directory in directories {
            for name in FileSystem.list(directory) where name.hasSuffix(".so") {
                let path = FileSystem.join(directory, name)
                guard seenPaths.insert(path).inserted, let status = FileSystem.status(path), status.isRegularFile else {
                    continue
                }
                if let hit = cached[path], hit.size == status.size, hit.modified == status.modified {
                    found.append(hit)
                } else {
                    found.append(inspect(path: path, status: status))
                    changed = true
                }
            }
        }
        if Set(cached.keys) != seenPaths { changed = true }
        if changed { writeCache(found) }

        // The first plugin in search order owns a group name; later ones are skipped.
        var owners: [String: String] = [:]
        for index in found.indices {
            guard let info = found[index].info else { continue }
            if let owner = owners[info.group] {
                found[index].outcome = .rejected("declares group \"\(info.group)\", which \(owner) already provides")
            } else {
                owners[info.group] = found[index].path
            }
        }
        entries = found
        warnings = found.compactMap { entry in
            if case .rejected(let reason) = entry.outcome { return "impt: skipping plugin \(entry.path): it \(reason)" }
            return nil
        }
    }

    private func inspect(path: String, status: FileSystem.Status) -> PluginEntry {
        var entry = PluginEntry(path: path, size: status.size, modified: status.modified, outcome: .rejected(""))
        do {
            let elf = try ELFInspector.inspect(path: path)
            let plugin = try PluginLoader.load(path: path, elf: elf, host: host)
            entry.outcome = .ready(
                PluginInfo(
                    group: plugin.group.name, summary: plugin.group.summary, version: plugin.pluginVersion,
                    abi: "\(PluginLoader.hostABIMajor).\(plugin.abiMinor)", language: elf.isSwift ? "Swift" : "C",
                    toolchain: elf.isSwift ? PluginLoader.hostToolchain : nil))
        } catch let error as ELFError {
            entry.outcome = .rejected(error.description)
        } catch let error as PluginRejection {
            entry.outcome = .rejected(error.reason)
        } catch {
            entry.outcome = .rejected("cannot be inspected")
        }
        return entry
    }

    // MARK: Cache file

    private var cacheIdentity: String {
        "\(ImptVersion.current) abi \(PluginLoader.hostABIMajor).\(PluginLoader.hostABIMinor) \(PluginLoader.hostToolchain)"
    }

    private func readCache() -> [String: PluginEntry] {
        guard let cachePath, let bytes = try? FileSystem.read(cachePath),
            let document = try? JSONParser.parse(bytes: bytes),
            document["host"]?.stringValue == cacheIdentity, let list = document["plugins"]?.arrayValue
        else { return [:] }
        var entries: [String: PluginEntry] = [:]
        for item in list {
            guard let path = item["path"]?.stringValue, let size = item["size"]?.intValue,
                let modified = item["modified"]?.intValue
            else { continue }
            var entry = PluginEntry(path: path, size: size, modified: modified, outcome: .rejected(""))
            if let reason = item["rejected"]?.stringValue {
                entry.outcome = .rejected(reason)
            } else if let group = item["group"]?.stringValue {
                entry.outcome = .ready(
                    PluginInfo(
                        group: group, summary: item["summary"]?.stringValue ?? "",
                        version: item["version"]?.stringValue ?? "", abi: item["abi"]?.stringValue ?? "",
                        language: item["language"]?.stringValue ?? "C", toolchain: item["toolchain"]?.stringValue))
            } else {
                continue
            }
            entries[path] = entry
        }
        return entries
    }

    private func writeCache(_ entries: [PluginEntry]) {
        guard let cachePath else { return }
        let list: [JSON] = entries.map { entry in
            var object = JSONObject([
                ("path", .string(entry.path)), ("size", .int(entry.size)), ("modified", .int(entry.modified)),
            ])
            switch entry.outcome {
            case .rejected(let reason):
                object["rejected"] = .string(reason)
            case .ready(let info):
                object["group"] = .string(info.group)
                object["summary"] = .string(info.summary)
                object["version"] = .string(info.version)
                object["abi"] = .string(info.abi)
                object["language"] = .string(info.language)
                if let toolchain = info.toolchain { object["toolchain"] = .string(toolchain) }
            }
            return .object(object)
        }
        let document = JSON.object(JSONObject([("host", .string(cacheIdentity)), ("plugins", .array(list))]))
        FileSystem.makeDirectories(FileSystem.directoryName(cachePath))
        try? FileSystem.writeAtomically(cachePath, Array(JSONWriter.write(document, pretty: true).utf8))
    }
}
