import ImptPluginAPI
import ImptPluginKit

/// `impt build run --watch`: after the first run, each save of the device or agent file creates a
/// Deployment from the saved code and restarts the Device Group's devices, while one log stream
/// goes on showing their output with a separator line before each redeployment's entries.
///
/// Saves are seen through inotify on the stream's watched descriptor, so nothing polls the files.
/// An editor's save is several events; the files are read once no event came for
/// `debounceMilliseconds`, and code whose bytes equal the last attempt's is not deployed again.
/// Code impCentral refuses (a compilation error) and files that cannot be read are reported and
/// the watch goes on; Ctrl-C ends the command successfully.
final class BuildWatch {
    /// Quiet time after the last file event before the files are read.
    static let debounceMilliseconds: Int64 = 150
    /// How often the quiet time is checked.
    static let tickMilliseconds = 10

    private let context: Context
    private let watcher: SourceWatcher
    private let paths: (device: String?, agent: String?)
    private let attributes: Deployments.Attributes
    private let conditional: Bool
    /// The code of the last Deployment tried (created, or refused by impCentral).
    let first: SourceCode.Texts
    private var last: SourceCode.Texts
    private var due: Int64?
    private var redeploys = 0

    /// Refuses `--watch` outside a Project.
    static func requireProject(_ context: Context) throws(PluginFailure) {
        guard try Project.load(context) != nil else {
            throw context.usage("Option \"--watch\" works in a Project only: there is no Project File in the current directory.")
        }
    }

    /// Starts watching the source files (before they are read, so that no save is missed) and
    /// reads the code of the first run.
    init(_ context: Context, _ request: NewDeployment, conditional: Bool) throws(PluginFailure) {
        let paths = try SourceCode.paths(context, deviceFile: request.deviceFile, agentFile: request.agentFile)
        let watched = [paths.device, paths.agent].compactMap { $0 }.filter { !$0.isEmpty }
        guard !watched.isEmpty else {
            throw context.usage("Option \"--watch\" has nothing to watch: the Project names no device or agent source file.")
        }
        do throws(SourceWatcher.Failure) {
            watcher = try SourceWatcher(paths: watched)
        } catch {
            throw context.fail(IMPT_ERR_IO, "Source files cannot be watched: \(error.reason).")
        }
        self.context = context
        self.paths = paths
        attributes = request.attributes
        self.conditional = conditional
        first = try SourceCode.Texts.load(context, paths: paths)
        last = first
    }

    /// What the log stream runs beside its events, redeploying to `group`.
    func companion(group: Entity) -> LogStreamer.Companion {
        var names = [paths.device, paths.agent].compactMap { $0 }.filter { !$0.isEmpty }
        if names.count == 2 && names[0] == names[1] { names.removeLast() }
        context.info("Watching \(names.joined(separator: " and ")): each save deploys the code and restarts the Devices.")
        return LogStreamer.Companion(
            descriptor: watcher.descriptor,
            onReadable: { [self] () throws(PluginFailure) in
                if watcher.drain() { due = Monotonic.milliseconds() + Self.debounceMilliseconds }
            },
            tickMilliseconds: Self.tickMilliseconds,
            onTick: { [self] () throws(PluginFailure) in
                guard let due, Monotonic.milliseconds() >= due else { return }
                self.due = nil
                try redeploy(group)
            })
    }

    /// Deploys the saved code when it differs from the last code tried, and restarts the devices.
    private func redeploy(_ group: Entity) throws(PluginFailure) {
        let texts: SourceCode.Texts
        do {
            texts = try SourceCode.Texts.load(context, paths: paths, quiet: true)
        } catch where error.status == Int32(IMPT_ERR_IO.rawValue) {
            return report()
        }
        let changed = texts.changedSides(from: last)
        guard !changed.isEmpty else { return }
        last = texts
        do {
            let created = try Deployments.create(context, in: group, code: texts.code(context), attributes)
            let id = created.id ?? ""
            try MinSupportedDeployment.set(context, group: group, deploymentID: id, quiet: true)
            try GroupRestart.request(context, groupID: group.id, conditional: conditional)
            redeploys += 1
            separator(deployment: id, group: group.id, changed: changed)
        } catch where error.status == Int32(IMPT_ERR_API.rawValue) {
            report()
        }
    }

    /// `========== Redeploy <n>: Deployment "<id>" (<files> changed) ==========` in the text modes,
    /// `{"redeploy": n, "deployment": "<id>", "devicegroup": "<id>", "changed": [<files>]}` in json mode.
    private func separator(deployment: String, group: String, changed: [SourceCode.Side]) {
        let files = changed.map { side in (side == .device ? paths.device : paths.agent) ?? side.rawValue }
        if context.outputMode == IMPT_OUTPUT_JSON {
            context.resultItem([
                "redeploy": .int(Int64(redeploys)), "deployment": .string(deployment), "devicegroup": .string(group),
                "changed": .array(files.map { .string($0) }),
            ])
        } else {
            let what = "Redeploy \(redeploys): \(Deployments.name(deployment)) (\(files.joined(separator: ", ")) changed)"
            context.resultItem(.string("========== \(what) =========="))
        }
        context.flush()
    }

    /// Shows the recorded failure and goes on watching.
    private func report() {
        let message = context.lastError.message
        context.clearError()
        if context.outputMode == IMPT_OUTPUT_JSON {
            context.resultItem(["Error": .string(message)])
        } else {
            context.errorLine(message)
        }
        context.flush()
    }
}
