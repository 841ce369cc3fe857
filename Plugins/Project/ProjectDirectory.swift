import ImptPluginAPI
import ImptPluginKit

/// The state of the project file in the current directory.
enum ProjectFileState {
    case missing
    /// There is a file but it is not a usable project file.
    case corrupted
    case present(Project)
}

/// What the project file says (the keys impt owns; the rest stays in the file untouched).
struct Project {
    var deviceGroupID: String
    var deviceFile: String
    var agentFile: String
}

/// The current directory as a Project: its project file and its source files.
enum ProjectDirectory {
    /// Reads the project file without failing on its absence or corruption.
    static func state(_ context: Context) throws(PluginFailure) -> ProjectFileState {
        do throws(PluginFailure) {
            let value = try context.loadProject()
            return .present(
                Project(
                    deviceGroupID: value["deviceGroupId"]?.string ?? "", deviceFile: value["deviceFile"]?.string ?? "",
                    agentFile: value["agentFile"]?.string ?? ""))
        } catch where error.status == Int32(IMPT_ERR_NOT_FOUND.rawValue) {
            context.clearError()
            return .missing
        } catch where error.status == Int32(IMPT_ERR_CONFIG.rawValue) {
            context.clearError()
            return .corrupted
        }
    }

    /// The project file, failing as the original does when it is missing or corrupted.
    static func load(_ context: Context) throws(PluginFailure) -> Project {
        let value = try context.loadProject()
        return Project(
            deviceGroupID: value["deviceGroupId"]?.string ?? "", deviceFile: value["deviceFile"]?.string ?? "",
            agentFile: value["agentFile"]?.string ?? "")
    }

    /// Asks before a new Project replaces the file of the current directory (unless `confirmed`).
    static func confirmReplacing(_ context: Context, confirmed: Bool) throws(PluginFailure) {
        if confirmed { return }
        if case .missing = try state(context) { return }
        try context.confirm("The current directory already contains Project File. It will be overwritten.")
    }

    /// Writes the keys impt owns; every other key of an existing file keeps its value and place.
    static func save(_ context: Context, _ project: Project) throws(PluginFailure) {
        try context.saveProject([
            "deviceGroupId": .string(project.deviceGroupID), "deviceFile": .string(project.deviceFile),
            "agentFile": .string(project.agentFile),
        ])
    }
}

/// The device and agent source files of a Project, created empty when they do not exist.
enum ProjectSourceFiles {
    enum Side: String {
        case device = "Device"
        case agent = "Agent"
    }

    /// Checks, before anything changes, that a path names a file impt can use or create inside
    /// the Project's directory.
    static func check(_ context: Context, _ path: String) throws(PluginFailure) {
        try checkLocation(context, path)
        if let problem = problem(path) { throw failure(context, path, problem) }
    }

    /// Refuses a path that leads out of the Project's directory (an absolute path, `..`, or a
    /// symbolic link pointing elsewhere): impt never reads, writes or deletes a file there for a
    /// Project.
    static func checkLocation(_ context: Context, _ path: String) throws(PluginFailure) {
        if let reason = SourceFiles.locationProblem(path) {
            throw context.fail(IMPT_ERR_INVALID_ARGUMENT, "File error: \(path): \(reason).")
        }
    }

    /// Creates the file when nothing is there, with the original's message.
    static func createIfMissing(_ context: Context, _ path: String, side: Side) throws(PluginFailure) {
        try checkLocation(context, path)
        if let problem = problem(path) { throw failure(context, path, problem) }
        guard SourceFiles.kind(path) == .missing else { return }
        do throws(SourceFiles.WriteFailure) {
            try SourceFiles.replace([SourceFiles.Replacement(path: path, text: "")])
        } catch {
            throw failure(context, path, error.problem)
        }
        context.info(Messages.created("\(side.rawValue) source file \"\(path)\""))
    }

    /// Why a path cannot be a source file: a directory, a device, a dangling link. An existing
    /// regular file (or a link to one) and a free name are fine.
    private static func problem(_ path: String) -> SourceFileProblem? {
        switch SourceFiles.kind(path) {
        case .missing, .regularFile: return nil
        case .directory: return .directory
        case .other: return .notRegularFile
        case .symbolicLink:
            switch SourceFiles.targetKind(path) {
            case .regularFile: return nil
            case .directory: return .directory
            case .missing, .symbolicLink: return .symbolicLink
            case .other: return .notRegularFile
            }
        }
    }

    private static func failure(_ context: Context, _ path: String, _ problem: SourceFileProblem) -> PluginFailure {
        context.fail(IMPT_ERR_IO, "File error: \(path): \(problem.reason).")
    }
}
