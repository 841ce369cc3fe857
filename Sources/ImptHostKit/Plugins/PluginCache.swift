import ImptJSONText

/// The plugin cache file: what inspecting each plugin file found (its full declarations, or why
/// it cannot be used), under its path, size, modification and status change times. Written
/// atomically; a file that cannot be read or parsed, or was written by another impt, counts as
/// empty. Each installation of impt has a file of its own, so two installations sharing a home
/// directory (a packaged impt and a developer's build, say) never undo each other's work.
struct PluginCache {
    /// The file, or nil when caching is turned off.
    let path: String?

    /// Who wrote a cache: a cache of another impt version, ABI, toolchain or set of reserved
    /// names is not used.
    static var identity: String {
        "\(ImptVersion.current) abi \(PluginLoader.hostABIMajor).\(PluginLoader.hostABIMinor) "
            + "\(PluginLoader.hostToolchain) format 5 reserved \(HostCommands.reservedGroups.joined(separator: ","))"
    }

    /// The cache file: `IMPT_PLUGIN_CACHE` (empty disables it), else
    /// `impt/plugins-<installation>.jsonl` under `$XDG_CACHE_HOME` or `~/.cache`, where
    /// `<installation>` is a hash of the impt executable's path.
    static func defaultPath(environment: Environment, executable: String?) -> String? {
        if let explicit = environment["IMPT_PLUGIN_CACHE"] { return explicit.isEmpty ? nil : explicit }
        let name = "impt/plugins-\(installationKey(executable)).jsonl"
        if let cache = environment.nonEmpty("XDG_CACHE_HOME") { return FileSystem.join(cache, name) }
        if let home = environment.nonEmpty("HOME") { return FileSystem.join(home, ".cache/" + name) }
        return nil
    }

    /// 16 hexadecimal digits of FNV-1a over the executable's path.
    static func installationKey(_ executable: String?) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (executable ?? "").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Largest cache file read.
    static let sizeLimit = 64 << 20
    /// Most entries read (files of directories searched by other runs are kept up to this).
    static let entryLimit = 1024

    /// The entries of the cache file. Its first line is an index: every file's path, size, time
    /// and outcome, with the group, summary and version of the usable ones and the number of the
    /// line holding their declarations (one JSON document per line), which is parsed only when
    /// needed.
    func read() -> [PluginEntry] {
        guard let path, let status = FileSystem.status(path), status.size <= Self.sizeLimit,
            let bytes = try? FileSystem.read(path)
        else { return [] }
        let lines = Self.lineRanges(bytes)
        guard let first = lines.first, let index = try? JSONParser.parse(bytes: Array(bytes[first])),
            index["host"]?.stringValue == Self.identity, let list = index["plugins"]?.arrayValue
        else { return [] }
        var entries: [PluginEntry] = []
        for item in list {
            guard let path = item["path"]?.stringValue, let size = item["size"]?.intValue,
                let modified = item["modified"]?.intValue, let changed = item["changed"]?.intValue
            else { continue }
            let outcome: PluginEntry.Outcome
            if let reason = item["rejected"]?.stringValue {
                outcome = .rejected(reason)
            } else if let line = item["declarations"]?.intValue, line > 0, line < lines.count,
                let info = PluginDeclarations.decodeSummary(item, declarationsText: Array(bytes[lines[Int(line)]]))
            {
                outcome = .ready(info)
            } else {
                continue
            }
            entries.append(PluginEntry(path: path, size: size, modified: modified, changed: changed, outcome: outcome))
            if entries.count == Self.entryLimit { break }
        }
        return entries
    }

    /// Where each line of `bytes` lies (without its newline); found with `memchr`, since every
    /// run of impt reads the whole cache.
    static func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while true {
            let end = ByteSearch.offset(of: 10, in: bytes, from: start)
            ranges.append(start..<end)
            if end == bytes.count { return ranges }
            start = end + 1
        }
    }

    func write(_ entries: [PluginEntry]) {
        guard let path else { return }
        var declarations: [UInt8] = []
        var line = 0
        let list: [JSON] = entries.compactMap { entry in
            var object = JSONObject([
                ("path", .string(entry.path)), ("size", .int(entry.size)), ("modified", .int(entry.modified)),
                ("changed", .int(entry.changed)),
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
