/// `impt plugins list`: every plugin file found, with what it provides and whether it can be used.
/// Everything comes from the plugin cache: no plugin is opened.
enum PluginsCommand: HostCommand {
    static let group = GroupSpec(
        name: "plugins",
        summary: "Installed command-group plugins (built into impt).",
        description: "Shows the command-group plugins impt finds in its plugin directories.",
        commands: [
            CommandSpec(
                name: "list", summary: "Lists the plugin files found and whether each one can be used.",
                description: "Lists every plugin file in the plugin directories, in search order: the group it provides, "
                    + "its summary, its version, the plugin ABI it was built for, its language and toolchain, its path and its "
                    + "status: ready, skipped with the reason (for example a crash while loading, a newer plugin ABI than "
                    + "this impt's, or a group that a file found earlier already provides), or the same file as one listed "
                    + "before. Then each core group that is not installed, with the package that brings it. Directories are searched in this "
                    + "order: the libimpt-*.so files beside the impt executable, the lib/impt/plugins directory of impt's "
                    + "installation, IMPT_PLUGIN_PATH, then the per-user directory.",
                options: [])
        ])

    /// A row for each core group that no plugin provides: not installed, or its file skipped.
    private static func missingCoreGroups(_ catalog: PluginCatalog) -> [JSON] {
        CoreGroups.names.compactMap { group in
            guard catalog.entry(forGroup: group) == nil else { return nil }
            let installedFile = catalog.entries.contains { FileSystem.baseName($0.path) == CoreGroups.fileName(of: group) }
            let status = installedFile ? "unusable (see its file above)" : "not installed"
            return .object(JSONObject([("Plugin", .object(JSONObject([
                ("group", .string(group)), ("package", .string(CoreGroups.package(of: group))), ("status", .string(status)),
            ])))]))
        }
    }

    static func run(_ command: CommandSpec, _ parsed: ParsedArguments, in context: HostCommandContext) -> Int32 {
        let console = context.console
        console.mode = parsed.outputMode
        let rows: [JSON] = context.catalog.entries.map { entry in
            var row = JSONObject()
            switch entry.outcome {
            case .ready(let info):
                row["group"] = .string(info.group)
                row["summary"] = .string(info.summary)
                row["version"] = .string(info.version)
                row["abi"] = .string(info.abi)
                row["language"] = .string(info.toolchain.map { "\(info.language) (\($0))" } ?? info.language)
                row["path"] = .string(entry.path)
                row["status"] = "ready"
            case .rejected(let reason):
                row["path"] = .string(entry.path)
                row["status"] = .string("skipped: it \(reason)")
            case .sameFile(let first):
                row["path"] = .string(entry.path)
                row["status"] = .string("same file as \(first)")
            }
            return .object(JSONObject([("Plugin", .object(row))]))
        } + missingCoreGroups(context.catalog)
        if rows.isEmpty {
            console.info("No Plugins are found.")
        } else {
            console.info("Plugin list (\(rows.count) items):")
        }
        console.result(.array(rows))
        console.finish(success: true)
        return 0
    }
}
