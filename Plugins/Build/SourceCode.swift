import ImptPluginAPI
import ImptPluginKit

/// The device and agent code of a new Deployment, read from the files the options or the project
/// name, before anything is sent. The code is held by the host only (values of the running
/// command): a megabyte of source is not kept twice.
struct SourceCode {
    var device: Value
    var agent: Value

    /// Reads both files. A side with neither an option nor a project gets empty code and the
    /// original's notice; a file that cannot be used fails the command.
    static func load(_ context: Context, deviceFile: String?, agentFile: String?) throws(PluginFailure) -> SourceCode {
        let project = deviceFile == nil || agentFile == nil ? try Project.load(context) : nil
        let device = try read(context, deviceFile ?? project?.deviceFile, side: .device)
        let agent = try read(context, agentFile ?? project?.agentFile, side: .agent)
        return SourceCode(device: device, agent: agent)
    }

    enum Side: String {
        case device, agent
    }

    private static func read(_ context: Context, _ path: String?, side: Side) throws(PluginFailure) -> Value {
        guard let path, !path.isEmpty else {
            context.info("--\(side.rawValue)-file option is not specified, empty \(side.rawValue) code will be deployed.")
            return context.make("")
        }
        do throws(SourceFileProblem) {
            return context.make(.string(try SourceFiles.read(path)))
        } catch .notFound {
            throw context.fail(IMPT_ERR_IO, "File with IMP \(side.rawValue) source code \"\(path)\" is not found.")
        } catch {
            throw context.fail(IMPT_ERR_IO, "File with IMP \(side.rawValue) source code \"\(path)\" cannot be used: \(error.reason).")
        }
    }
}

/// The source files named by the project file of the current directory, when there is one.
struct Project {
    var deviceFile: String
    var agentFile: String

    /// nil when the current directory has no project file; a corrupted one fails the command.
    static func load(_ context: Context) throws(PluginFailure) -> Project? {
        do throws(PluginFailure) {
            let value = try context.loadProject()
            return Project(deviceFile: value["deviceFile"]?.string ?? "", agentFile: value["agentFile"]?.string ?? "")
        } catch where error.status == Int32(IMPT_ERR_NOT_FOUND.rawValue) {
            context.clearError()
            return nil
        }
    }
}
