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
        let texts = try Texts.load(context, paths: try paths(context, deviceFile: deviceFile, agentFile: agentFile))
        return texts.code(context)
    }

    /// The files a new Deployment takes its code from: the options, else the project's files; nil
    /// (or empty) for a side with neither.
    static func paths(_ context: Context, deviceFile: String?, agentFile: String?) throws(PluginFailure)
        -> (device: String?, agent: String?)
    {
        let project = deviceFile == nil || agentFile == nil ? try Project.load(context) : nil
        return (deviceFile ?? project?.deviceFile, agentFile ?? project?.agentFile)
    }

    enum Side: String {
        case device, agent
    }

    /// Both sides' code as Swift strings, to compare one read with another.
    struct Texts {
        var device: String
        var agent: String

        /// Reads both files; a side without a file is empty, announced with the original's notice
        /// unless `quiet`.
        static func load(_ context: Context, paths: (device: String?, agent: String?), quiet: Bool = false)
            throws(PluginFailure) -> Texts
        {
            Texts(
                device: try read(context, paths.device, side: .device, quiet: quiet),
                agent: try read(context, paths.agent, side: .agent, quiet: quiet))
        }

        func code(_ context: Context) -> SourceCode {
            SourceCode(device: context.make(.string(device)), agent: context.make(.string(agent)))
        }

        /// The sides whose bytes differ from `other`'s.
        func changedSides(from other: Texts) -> [Side] {
            var sides: [Side] = []
            if !device.utf8.elementsEqual(other.device.utf8) { sides.append(.device) }
            if !agent.utf8.elementsEqual(other.agent.utf8) { sides.append(.agent) }
            return sides
        }
    }

    private static func read(_ context: Context, _ path: String?, side: Side, quiet: Bool) throws(PluginFailure) -> String {
        guard let path, !path.isEmpty else {
            if !quiet { context.info("--\(side.rawValue)-file option is not specified, empty \(side.rawValue) code will be deployed.") }
            return ""
        }
        do throws(SourceFileProblem) {
            return try SourceFiles.read(path)
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
