import ImptPluginAPI
import ImptPluginKit

/// `impt build run`.
struct BuildRun: Command {
    static let configuration = CommandConfiguration(
        name: "run", summary: "Creates a Deployment from source files and restarts the Device Group's devices.",
        description: "Does what \"impt build deploy\" does, then makes the new Deployment the Device Group's Min "
            + "supported Deployment, sets the Device Group's description to --descr (as the original impt does) and "
            + "restarts every device of the Device Group, or with --conditional asks them to restart when they can. "
            + "With --watch (in a Project) it then streams the Devices' logs and deploys again on every save of the "
            + "device or agent file, until Ctrl-C.")

    @Option(BuildOptions.deviceGroup) var group: String?
    @Option(BuildOptions.deviceFile) var deviceFile: String?
    @Option(BuildOptions.agentFile) var agentFile: String?
    @Option(BuildOptions.descriptionText) var description: String?
    @Option(BuildOptions.origin) var origin: String?
    @Option(BuildOptions.tag) var tags: [String]
    @Option(BuildOptions.flagged) var flagged: Bool?
    @Option("conditional", "c", help: "Conditional restart: devices running the Min supported Deployment or newer may defer it.")
    var conditional: Bool
    @Option(LogStreamOptions.log) var log: Bool
    @Option(LogStreamOptions.noReconnect) var noReconnect: Bool
    @Option(
        "watch", "w",
        help: "In a Project: after the run, streams the logs (as --log) and on every save of the device or agent "
            + "file deploys the new code and restarts the Devices again, until Ctrl-C.")
    var watch: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let request = NewDeployment(
            group: group, deviceFile: deviceFile, agentFile: agentFile, description: description, origin: origin, tags: tags,
            flagged: flagged)
        let reconnect = !noReconnect
        if watch { try BuildWatch.requireProject(context) }
        if log || watch {
            // Refused before anything is deployed.
            try LogDevices.checkGroup(context, try context.resolve(IMPT_ENTITY_DEVICE_GROUP, request.group))
        }
        let watcher = watch ? try BuildWatch(context, request, conditional: conditional) : nil
        let (target, created) = try request.send(context, code: watcher.map { $0.first.code(context) })
        // Read the group again (creating the Deployment changed it), named as the user named it.
        let refreshed = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, target.id, flags: UInt32(IMPT_RESOLVE_ID_ONLY))
        let updated = Entity(id: target.id, ref: target.ref, data: refreshed.data)
        let build = try context.resolve(IMPT_ENTITY_DEPLOYMENT, created.id, flags: UInt32(IMPT_RESOLVE_ID_ONLY))
        try MinSupportedDeployment.checkNotEarlier(context, group: updated, deployment: build.data)
        try MinSupportedDeployment.set(context, group: updated, deploymentID: build.id)
        try context.updateDeviceGroup(updated, DeviceGroupChanges(description: request.description))
        context.info(Messages.updated(Messages.entity(IMPT_ENTITY_DEVICE_GROUP, target.ref)))
        let devices = try GroupRestart.restart(context, group: updated, conditional: conditional)
        guard log || watch, watcher != nil || !devices.isEmpty else { return }
        context.info("\(Deployments.name(build.id)) is run successfully.")
        let streamer = LogStreamer(context: context, deviceIDs: devices.compactMap(\.id), reconnect: reconnect)
        streamer.companion = watcher?.companion(group: target)
        try streamer.run()
    }
}
