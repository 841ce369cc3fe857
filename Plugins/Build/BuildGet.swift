import ImptPluginAPI
import ImptPluginKit

/// `impt build get`.
struct BuildGet: Command {
    static let configuration = CommandConfiguration(
        name: "get", summary: "Downloads the source files of a Deployment and shows it.",
        description: "Writes the device and agent code of a Deployment to the given files, or to the project's "
            + "source files, and shows the Deployment. Existing files are replaced only after confirmation; each is "
            + "replaced whole or not at all, and symbolic links are never written through.",
        constraints: [.exclusive("device-only", "agent-only")])

    @Option(BuildOptions.build) var identifier: String?
    @Option("device-file", "x", value: "device_file", help: "File for the device code. Without it, the project's device file.")
    var deviceFile: String?
    @Option("agent-file", "y", value: "agent_file", help: "File for the agent code. Without it, the project's agent file.")
    var agentFile: String?
    @Option("device-only", "i", help: "Downloads the device code only.") var deviceOnly: Bool
    @Option("agent-only", "j", help: "Downloads the agent code only.") var agentOnly: Bool
    @Option(BuildOptions.confirmed) var confirmed: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let build = try context.resolve(IMPT_ENTITY_DEPLOYMENT, identifier)
        let needsProject = (!agentOnly && deviceFile == nil) || (!deviceOnly && agentFile == nil)
        let project = needsProject ? try Project.load(context) : nil
        let attributes = build.data["attributes"]
        var files: [SourceFiles.Replacement] = []
        if !agentOnly {
            let path = try Self.fileName(context, deviceFile ?? project?.deviceFile, option: "device-file")
            files.append(SourceFiles.Replacement(path: path, text: attributes?["device_code"]?.string ?? ""))
        }
        if !deviceOnly {
            let path = try Self.fileName(context, agentFile ?? project?.agentFile, option: "agent-file")
            files.append(SourceFiles.Replacement(path: path, text: attributes?["agent_code"]?.string ?? ""))
        }
        if files.count == 2 && files[0].path == files[1].path {
            throw context.fail(
                IMPT_ERR_INVALID_ARGUMENT, "The device and agent code cannot both be written to \"\(files[0].path)\".")
        }
        var existing: [String] = []
        for file in files {
            switch SourceFiles.kind(file.path) {
            case .missing: break
            case .regularFile: existing.append(file.path)
            case .symbolicLink: throw Self.fileError(context, file.path, .symbolicLink)
            case .directory: throw Self.fileError(context, file.path, .directory)
            case .other: throw Self.fileError(context, file.path, .notRegularFile)
            }
        }
        if !existing.isEmpty && !confirmed {
            try context.confirm("Source file(s) \(existing.joined(separator: ", ")) already exist. They will be overwritten.")
        }
        do throws(SourceFiles.WriteFailure) {
            try SourceFiles.replace(files)
        } catch {
            throw Self.fileError(context, error.path, error.problem)
        }
        context.info("\(Deployments.name(build.ref)) source file(s) are downloaded successfully.")
        context.result(try context.display(IMPT_ENTITY_DEPLOYMENT, IMPT_DISPLAY_INFO, build.data))
    }

    private static func fileName(_ context: Context, _ path: String?, option: String) throws(PluginFailure) -> String {
        guard let path, !path.isEmpty else {
            throw context.fail(IMPT_ERR_INVALID_ARGUMENT, "Option \"--\(option)\" must be specified.")
        }
        return path
    }

    private static func fileError(_ context: Context, _ path: String, _ problem: SourceFileProblem) -> PluginFailure {
        context.fail(IMPT_ERR_IO, "File error: \(path): \(problem.reason).")
    }
}
