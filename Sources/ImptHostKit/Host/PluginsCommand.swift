import ImptPluginAPI

/// `impt plugins list`: every plugin file found, with what it provides and whether it loads.
struct PluginsCommand {
    let console: Console
    let catalog: PluginCatalog
    let arguments: [String]
    let environment: Environment

    static let group = GroupSpec(
        name: HostCommands.pluginsGroup,
        summary: "Installed command-group plugins (built into impt).",
        description: "Shows the command-group plugins impt finds in its plugin directories.",
        commands: [
            CommandSpec(
                name: "list", summary: "Lists the plugin files found and whether each one loads.",
                description: "Lists every plugin file in the plugin directories, in search order: the group it provides, "
                    + "its version, the plugin ABI it was built for, its language and toolchain, its path and whether it "
                    + "loads. Directories are searched in this order: IMPT_PLUGIN_PATH, the lib/impt/plugins directory "
                    + "beside the impt executable, then the per-user directory.",
                options: [])
        ])

    func run() -> Int32 {
        let group = Self.group
        guard let name = arguments.first, let command = group.command(named: name) else {
            if ArgumentParser.wantsHelp(arguments) {
                console.write(HelpFormatter.group(group))
                return 0
            }
            return failure(HelpFormatter.group(group), arguments.first.map { "Unknown argument: \($0)" } ?? "Please specify a valid command.")
        }
        let rest = Array(arguments.dropFirst())
        let help = HelpFormatter.command(group: group.name, command)
        if ArgumentParser.wantsHelp(rest) {
            console.write(help)
            return 0
        }
        do throws(UsageError) {
            console.mode = try ArgumentParser(command: command).parse(rest).outputMode
        } catch {
            return failure(help, error.message)
        }
        let rows: [JSON] = catalog.entries.map { entry in
            var row = JSONObject()
            switch entry.outcome {
            case .ready(let info):
                row["group"] = .string(info.group)
                row["version"] = .string(info.version)
                row["abi"] = .string(info.abi)
                row["language"] = .string(info.toolchain.map { "\(info.language) (\($0))" } ?? info.language)
                row["path"] = .string(entry.path)
                do throws(PluginRejection) {
                    _ = try catalog.load(entry)
                    row["status"] = "loaded"
                } catch {
                    row["status"] = .string("not loaded: it \(error.reason)")
                }
            case .rejected(let reason):
                row["path"] = .string(entry.path)
                row["status"] = .string("skipped: it \(reason)")
            }
            return .object(JSONObject([("Plugin", .object(row))]))
        }
        if rows.isEmpty {
            console.info("No Plugins are found.")
        } else {
            console.info("Plugin list (\(rows.count) items):")
        }
        console.result(.array(rows))
        console.finish(success: true)
        return 0
    }

    private func failure(_ help: String, _ message: String) -> Int32 {
        console.usageFailure(help: help, message: message, environment: environment)
    }
}
