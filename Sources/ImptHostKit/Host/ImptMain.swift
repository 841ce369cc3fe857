#if canImport(Glibc)
import Glibc
#endif
import ImptPluginAPI

/// The `impt` command line: `impt <group> <command> [options]`, plus `--version` and `--help`.
///
/// Everything a run depends on is given here, so that a program (the in-process tests) can run
/// commands without starting a process: the arguments, the environment, the working directory,
/// the standard streams, where its API requests go, and the impt executable that inspects new
/// plugin files in child processes. Runs in one process happen one at a time; while one runs,
/// the process works in its directory (plugins open the files they are given relative to it)
/// and its standard input is the run's (plugins may read it themselves).
public struct ImptMain {
    let arguments: [String]
    let environment: Environment
    let console: Console
    let directory: String
    let streams: StandardStreams
    let executable: String?
    let inspector: String
    let transport: any RequestTransport

    /// - Parameters:
    ///   - executable: where impt is installed, for its plugin directories (the running
    ///     executable by default).
    ///   - inspector: the impt executable started to inspect new plugin files.
    ///   - transport: where the run's API requests go (libcurl by default).
    public init(
        arguments: [String], environment: Environment = .current, directory: String = FileSystem.currentDirectory,
        streams: StandardStreams = .process, executable: String? = FileSystem.executablePath,
        inspector: String = "/proc/self/exe", transport: any RequestTransport = CurlTransport()
    ) {
        self.arguments = arguments
        self.environment = environment
        self.directory = directory
        self.streams = streams
        self.executable = executable
        self.inspector = inspector
        self.transport = transport
        console = streams.makeConsole()
    }

    /// Runs the command line and returns the exit status.
    public func run() -> Int32 {
        let outerStreams = StandardStreams.current
        let outerPrompter = Prompter.shared
        let outerTransport = CurlTransport.current
        StandardStreams.current = streams
        CurlTransport.current = transport
        Prompter.shared = streams.input == 0 ? outerPrompter : Prompter(fd: streams.input)
        let outerInput = streams.input != 0 ? dup(0) : -1
        if streams.input != 0 { _ = dup2(streams.input, 0) }
        defer {
            if outerInput >= 0 {
                _ = dup2(outerInput, 0)
                close(outerInput)
            }
        }
        let outerDirectory = FileSystem.currentDirectory
        let moving = directory != outerDirectory
        let moved = moving && chdir(directory) == 0
        defer {
            if moved { _ = chdir(outerDirectory) }
            console.flush()
            StandardStreams.current = outerStreams
            Prompter.shared = outerPrompter
            CurlTransport.current = outerTransport
        }
        if moving && !moved {
            return failure(IMPT_ERR_CONFIG, "The working directory \"\(VisibleText.escaped(directory, keepingLineFeeds: false))\" cannot be entered.")
        }
        guard let first = arguments.first else {
            return usageFailure(rootHelp(catalog()), "Please specify a valid command.")
        }
        let rest = Array(arguments.dropFirst())
        switch first {
        case PluginInspector.mode:
            return PluginInspector.runChild(arguments: rest, host: HostTable.host)
        case Completer.mode:
            return complete(rest)
        case "--version", "-v":
            console.line(ImptVersion.current)
            return 0
        case "--help", "-h":
            console.write(rootHelp(catalog()))
            return 0
        default:
            break
        }
        let catalog = catalog()
        if let command = HostCommands.command(named: first) {
            return runHostGroup(command, rest, catalog: catalog)
        }
        guard !first.hasPrefix("-"), let entry = catalog.entry(forGroup: first), let group = catalog.declarations(of: entry) else {
            if let reason = CoreGroups.unavailability(of: first, in: catalog) {
                return failure(IMPT_ERR_CONFIG, reason)
            }
            if ArgumentParser.wantsHelp(arguments) {
                console.write(rootHelp(catalog))
                return 0
            }
            let name = ArgumentParser.splitOption(first)?.0 ?? first
            return usageFailure(rootHelp(catalog), "Unknown argument: \(name)")
        }
        return runPluginGroup(entry, declarations: group, words: rest, catalog: catalog)
    }

    /// `impt <group> ...` for a plugin's group. Help and usage mistakes come from the cached
    /// declarations: only a command that runs opens its plugin.
    private func runPluginGroup(_ entry: PluginEntry, declarations group: GroupSpec, words rest: [String], catalog: PluginCatalog) -> Int32 {
        let declared: CommandSpec
        do throws(GroupDispatch.Stop) {
            declared = try GroupDispatch.resolve(group, rest).command
        } catch {
            return stop(error)
        }
        let plugin: LoadedPlugin
        do throws(PluginRejection) {
            plugin = try catalog.load(entry)
        } catch {
            warn("impt: skipping plugin \(entry.path): it \(error.reason)")
            return usageFailure(rootHelp(catalog), "Unknown argument: \(group.name)")
        }
        // The plugin's own declarations decide the handler's arguments (the same file as inspected).
        guard let command = plugin.group.command(named: declared.name), let handler = plugin.handler(for: declared.name) else {
            return usageFailure(HelpFormatter.group(plugin.group), "Unknown argument: \(declared.name)")
        }
        do throws(GroupDispatch.Stop) {
            let parsed = try GroupDispatch.resolve(group: plugin.group.name, command, Array(rest.dropFirst()))
            return invoke(handler, group: plugin.group.name, help: HelpFormatter.command(group: plugin.group.name, command),
                          command: command, parsed: parsed)
        } catch {
            return stop(error)
        }
    }

    private func runHostGroup(_ command: any HostCommand.Type, _ words: [String], catalog: PluginCatalog) -> Int32 {
        do throws(GroupDispatch.Stop) {
            let (spec, parsed) = try GroupDispatch.resolve(command.group, words)
            return command.run(spec, parsed, in: HostCommandContext(console: console, catalog: catalog, environment: environment))
        } catch {
            return stop(error)
        }
    }

    /// `impt __complete <words>`: the completion candidates for the last word, one per line.
    private func complete(_ words: [String]) -> Int32 {
        let catalog = catalog(reportingSkipped: false)
        let completer = Completer(groupNames: catalog.groups.map(\.name) + HostCommands.groups.map(\.name)) { name in
            HostCommands.command(named: name)?.group ?? catalog.entry(forGroup: name).flatMap(catalog.declarations(of:))
        }
        for candidate in completer.candidates(words) { console.line(candidate) }
        return 0
    }

    /// Prints the help asked for, or the usage mistake with the help before it.
    private func stop(_ reason: GroupDispatch.Stop) -> Int32 {
        switch reason {
        case .help(let text):
            console.write(text)
            return 0
        case .usageFailure(let help, let message):
            return usageFailure(help, message)
        }
    }

    /// With an auth context, the command almost certainly calls impCentral: libcurl (about 4 ms to
    /// load) is loaded on another thread while the handler starts. Without one nothing is loaded
    /// ahead, and a command that makes no request pays only the other thread's work. The context
    /// is only peeked at here, not kept: the session resolves it when the first request needs it
    /// (a handler such as `auth login` may change the auth file before then).
    private func prefetchHTTP(_ invocation: Invocation) {
        guard transport is CurlTransport, let context = try? AuthContext.resolve(environment: invocation.environment, directory: invocation.directory) else {
            return
        }
        HTTPTransport.prefetchLibrary(expectTLS: context.endpoint.asciiLowercased.hasPrefix("https:"))
    }

    /// Calls the handler and reports its outcome with the status line and exit status.
    private func invoke(_ handler: CommandHandler, group: String, help: String, command: CommandSpec, parsed: ParsedArguments)
        -> Int32
    {
        console.mode = parsed.outputMode
        let invocation = Invocation(console: console, environment: environment, directory: directory)
        invocation.group = group
        invocation.commandHelp = help
        Invocation.current = invocation
        defer {
            Invocation.current = nil
            Invocation.retired.append(invocation)
        }
        prefetchHTTP(invocation)
        var status: Int32
        do throws(ImptError) {
            status = try HandlerInvoker.call(handler, context: invocation.contextHandle, command: command, parsed: parsed)
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

    /// The installed groups and the host's own groups.
    private func rootHelp(_ catalog: PluginCatalog) -> String {
        let groups = catalog.groups + HostCommands.groups.map { ($0.name, $0.summary) }
        return HelpFormatter.root(groups: groups.sorted { $0.name < $1.name })
    }

    /// `Error: <message>` and the failure line, as text.
    private func failure(_ status: impt_status, _ message: String) -> Int32 {
        console.mode = .standard
        console.error(message)
        console.finish(success: false)
        return ExitStatus.code(for: Int32(status.rawValue), environment: environment)
    }

    private func usageFailure(_ help: String, _ message: String) -> Int32 {
        console.usageFailure(help: help, message: message, environment: environment)
    }

    /// The installed plugins; files that cannot be used are named on standard error.
    private func catalog(reportingSkipped: Bool = true) -> PluginCatalog {
        let catalog = PluginCatalog(
            directories: PluginDirectory.searchOrder(environment: environment, executable: executable),
            cachePath: PluginCatalog.defaultCachePath(environment: environment, executable: executable), host: HostTable.host,
            inspector: inspector)
        if reportingSkipped {
            for warning in catalog.warnings { warn(warning) }
        }
        return catalog
    }

    private func warn(_ line: String) {
        console.flush()
        StandardStreams.warn(line)
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
