/// The plugin cache file: what inspecting each plugin file found (its full declarations, or why
/// it cannot be used), under its path, size and modification time. Written atomically; a file
/// that cannot be read or parsed, or was written by another impt, counts as empty.
struct PluginCache {
    /// The file, or nil when caching is turned off.
    let path: String?

    /// Who wrote a cache: a cache of another impt version, ABI, toolchain or set of reserved
    /// names is not used.
    static var identity: String {
        "\(ImptVersion.current) abi \(PluginLoader.hostABIMajor).\(PluginLoader.hostABIMinor) "
            + "\(PluginLoader.hostToolchain) format 2 reserved \(HostCommands.reservedGroups.sorted().joined(separator: ","))"
    }

    /// The cache file: `IMPT_PLUGIN_CACHE` (empty disables it), else under `$XDG_CACHE_HOME` or
    /// `~/.cache`.
    static func defaultPath(environment: Environment) -> String? {
        if let explicit = environment["IMPT_PLUGIN_CACHE"] { return explicit.isEmpty ? nil : explicit }
        if let cache = environment.nonEmpty("XDG_CACHE_HOME") { return FileSystem.join(cache, "impt/plugins.json") }
        if let home = environment.nonEmpty("HOME") { return FileSystem.join(home, ".cache/impt/plugins.json") }
        return nil
    }

    /// Largest cache file read.
    static let sizeLimit = 64 << 20

    func read() -> [String: PluginEntry] {
        guard let path, let status = FileSystem.status(path), status.size <= Self.sizeLimit,
            let bytes = try? FileSystem.read(path), let document = try? JSONParser.parse(bytes: bytes),
            document["host"]?.stringValue == Self.identity, let list = document["plugins"]?.arrayValue
        else { return [:] }
        var entries: [String: PluginEntry] = [:]
        for item in list {
            guard let path = item["path"]?.stringValue, let size = item["size"]?.intValue,
                let modified = item["modified"]?.intValue
            else { continue }
            let outcome: PluginEntry.Outcome
            if let reason = item["rejected"]?.stringValue {
                outcome = .rejected(reason)
            } else if let info = item["plugin"].flatMap(PluginDeclarations.decodeInfo) {
                outcome = .ready(info)
            } else {
                continue
            }
            entries[path] = PluginEntry(path: path, size: size, modified: modified, outcome: outcome)
        }
        return entries
    }

    func write(_ entries: [PluginEntry]) {
        guard let path else { return }
        let list: [JSON] = entries.compactMap { entry in
            var object = JSONObject([
                ("path", .string(entry.path)), ("size", .int(entry.size)), ("modified", .int(entry.modified)),
            ])
            switch entry.outcome {
            case .rejected(let reason): object["rejected"] = .string(reason)
            case .ready(let info): object["plugin"] = PluginDeclarations.encode(info)
            case .sameFile: return nil
            }
            return .object(object)
        }
        let document = JSON.object(JSONObject([("host", .string(Self.identity)), ("plugins", .array(list))]))
        FileSystem.makeDirectories(FileSystem.directoryName(path))
        try? FileSystem.writeAtomically(path, Array(JSONWriter.write(document, pretty: false).utf8))
    }
}
