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
            + "\(PluginLoader.hostToolchain) format 3 reserved \(HostCommands.reservedGroups.joined(separator: ","))"
    }

    /// The cache file: `IMPT_PLUGIN_CACHE` (empty disables it), else under `$XDG_CACHE_HOME` or
    /// `~/.cache`.
    static func defaultPath(environment: Environment) -> String? {
        if let explicit = environment["IMPT_PLUGIN_CACHE"] { return explicit.isEmpty ? nil : explicit }
        if let cache = environment.nonEmpty("XDG_CACHE_HOME") { return FileSystem.join(cache, "impt/plugins.jsonl") }
        if let home = environment.nonEmpty("HOME") { return FileSystem.join(home, ".cache/impt/plugins.jsonl") }
        return nil
    }

    /// Largest cache file read.
    static let sizeLimit = 64 << 20

    /// The entries of the cache file. Its first line is an index: every file's path, size, time
    /// and outcome, with the group, summary and version of the usable ones and the number of the
    /// line holding their declarations (one JSON document per line), which is parsed only when
    /// needed.
    func read() -> [PluginEntry] {
        guard let path, let status = FileSystem.status(path), status.size <= Self.sizeLimit,
            let bytes = try? FileSystem.read(path)
        else { return [] }
        let lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
        guard let first = lines.first, let index = try? JSONParser.parse(bytes: Array(first)),
            index["host"]?.stringValue == Self.identity, let list = index["plugins"]?.arrayValue
        else { return [] }
        var entries: [PluginEntry] = []
        for item in list {
            guard let path = item["path"]?.stringValue, let size = item["size"]?.intValue,
                let modified = item["modified"]?.intValue
            else { continue }
            let outcome: PluginEntry.Outcome
            if let reason = item["rejected"]?.stringValue {
                outcome = .rejected(reason)
            } else if let line = item["declarations"]?.intValue, line > 0, line < lines.count,
                let info = PluginDeclarations.decodeSummary(item, declarationsText: Array(lines[Int(line)]))
            {
                outcome = .ready(info)
            } else {
                continue
            }
            entries.append(PluginEntry(path: path, size: size, modified: modified, outcome: outcome))
        }
        return entries
    }

    func write(_ entries: [PluginEntry]) {
        guard let path else { return }
        var declarations: [UInt8] = []
        var line = 0
        let list: [JSON] = entries.compactMap { entry in
            var object = JSONObject([
                ("path", .string(entry.path)), ("size", .int(entry.size)), ("modified", .int(entry.modified)),
            ])
            switch entry.outcome {
            case .rejected(let reason):
                object["rejected"] = .string(reason)
            case .ready(let info):
                for (key, value) in PluginDeclarations.encodeSummary(info) { object[key] = value }
                line += 1
                object["declarations"] = .int(Int64(line))
                declarations += [10] + info.declarationsText
            case .sameFile:
                return nil
            }
            return .object(object)
        }
        let index = JSON.object(JSONObject([("host", .string(Self.identity)), ("plugins", .array(list))]))
        FileSystem.makeDirectories(FileSystem.directoryName(path))
        try? FileSystem.writeAtomically(path, Array(JSONWriter.write(index, pretty: false).utf8) + declarations + [10])
    }
}
