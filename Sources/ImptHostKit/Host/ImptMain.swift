#if canImport(Glibc)
import Glibc
#endif
import ImptPluginAPI

/// The `impt` command line: `impt <group> <command> [options]`, plus `--version` and `--help`.
public struct ImptMain {
    let arguments: [String]
    let environment: Environment
    let console: Console

    public init(arguments: [String], environment: Environment = .current) {
        self.arguments = arguments
        self.environment = environment
        console = Console()
    }

    /// Runs the command line and returns the exit status.
    public func run() -> Int32 {
        defer { console.flush() }
        guard let first = arguments.first else {
            return usageFailure(rootHelp(catalog()), "Please specify a valid command.")
        }
        switch first {
        case "--version", "-v":
            console.line(ImptVersion.current)
            return 0
        case "--help", "-h":
            console.write(rootHelp(catalog()))
            return 0
        case HostCommands.pluginsGroup:
            return PluginsCommand(console: console, catalog: catalog(), arguments: Array(arguments.dropFirst()),
                                  environment: environment).run()
        default:
            break
        }
        let catalog = catalog()
        guard !first.hasPrefix("-"), let entry = catalog.entry(forGroup: first) else {
            if ArgumentParser.wantsHelp(arguments) {
                console.write(rootHelp(catalog))
                return 0
            }
            let name = ArgumentParser.splitOption(first)?.0 ?? first
            return usageFailure(rootHelp(catalog), "Unknown argument: \(name)")
        }
        let plugin: LoadedPlugin
        do throws(PluginRejection) {
            plugin = try catalog.load(entry)
        } catch {
            warn("impt: skipping plugin \(entry.path): it \(error.reason)")
            return usageFailure(rootHelp(catalog), "Unknown argument: \(first)")
        }
        return runGroup(plugin, words: Array(arguments.dropFirst()))
    }

    private func runGroup(_ plugin: LoadedPlugin, words: [String]) -> Int32 {
        let group = plugin.group
        guard let name = words.first, !ArgumentParser.looksLikeOption(name) else {
            if ArgumentParser.wantsHelp(words) {
                console.write(HelpFormatter.group(group))
                return 0
            }
            return usageFailure(HelpFormatter.group(group), "Please specify a valid command.")
        }
        guard let command = group.command(named: name), let handler = plugin.handler(for: name) else {
            if ArgumentParser.wantsHelp(words) {
                console.write(HelpFormatter.group(group))
                return 0
            }
            return usageFailure(HelpFormatter.group(group), "Unknown argument: \(name)")
        }
        let help = HelpFormatter.command(group: group.name, command)
        let rest = Array(words.dropFirst())
        if ArgumentParser.wantsHelp(rest) {
            console.write(help)
            return 0
        }
        let parsed: ParsedArguments
        do throws(UsageError) {
            parsed = try ArgumentParser(command: command).parse(rest)
        } catch {
            return usageFailure(help, error.message)
        }
        return invoke(handler, group: group.name, help: help, parsed: parsed)
    }

    /// Calls the handler and reports its outcome with the status line and exit status.
    private func invoke(_ handler: impt_handler, group: String, help: String, parsed: ParsedArguments) -> Int32 {
        console.mode = parsed.outputMode
        let invocation = Invocation(console: console, environment: environment)
        invocation.group = group
        invocation.commandHelp = help
        Invocation.current = invocation
        defer {
            Invocation.current = nil
            Invocation.retired.append(invocation)
        }
        var status: Int32
        do throws(ImptError) {
            status = try HandlerInvoker.call(handler, context: invocation.contextHandle, values: parsed.values)
        } catch {
            status = invocation.record(error)
        }
        if status == Int32(IMPT_OK.rawValue) {
            console.finish(success: true)
            return 0
        }
        var failure = invocation.failure ?? ImptError(
            status: impt_status(rawValue: UInt32(bitPattern: status)),
            lines: [.error("Internal error: the command failed without saying why (status \(status)).")])
        if failure.status != status { failure.status = status }
        if status == Int32(IMPT_ERR_USAGE.rawValue) { console.mode = .standard }
        invocation.report(failure)
        console.finish(success: false)
        return ExitStatus.code(for: status, environment: environment)
    }

    /// The installed groups and the host's own `plugins` group.
    private func rootHelp(_ catalog: PluginCatalog) -> String {
        let groups = catalog.groups + [(PluginsCommand.group.name, PluginsCommand.group.summary)]
        return HelpFormatter.root(groups: groups.sorted { $0.name < $1.name })
    }

    private func usageFailure(_ help: String, _ message: String) -> Int32 {
        console.usageFailure(help: help, message: message, environment: environment)
    }

    private func catalog() -> PluginCatalog {
        let catalog = PluginCatalog(
            directories: PluginCatalog.defaultDirectories(environment: environment, executable: FileSystem.executablePath),
            cachePath: PluginCatalog.defaultCachePath(environment: environment), host: HostTable.host)
        for warning in catalog.warnings { warn(warning) }
        return catalog
    }

    private func warn(_ line: String) {
        console.flush()
        let text = line + "\n"
        _ = text.withCString { Glibc.write(2, $0, strlen($0)) }
    }
}

/// Exit statuses. Like the original, every failure exits with 1; with
/// `IMPT_DETAILED_EXIT_CODES=1` each kind of failure has its own status.
public enum ExitStatus {
    public static func code(for status: Int32, environment: Environment) -> Int32 {
        guard status != 0 else { return 0 }
        guard let detailed = environment["IMPT_DETAILED_EXIT_CODES"], detailed == "1" || detailed == "true" else { return 1 }
        switch impt_status(rawValue: UInt32(bitPattern: status)) {
        case IMPT_ERR_USAGE: return 2
        case IMPT_ERR_CANCELLED, IMPT_ERR_INTERRUPTED: return 3
        case IMPT_ERR_API: return 4
        case IMPT_ERR_NETWORK: return 5
        case IMPT_ERR_NOT_FOUND, IMPT_ERR_AMBIGUOUS: return 6
        case IMPT_ERR_AUTH, IMPT_ERR_CONFIG: return 7
        case IMPT_ERR_IO: return 8
        default: return 1
        }
    }
}
