import ImptPluginAPI
import ImptProjectPaths

/// The project file `.impt.project` of the current directory.
///
/// impt owns `deviceGroupId`, `deviceFile` and `agentFile`; every other member (the original
/// impt's `builderSettings`, plugin settings under `pluginSettings`, anything a user added) is
/// kept unchanged and in place whenever impt rewrites the file.
public struct ProjectFile: Equatable, Sendable {
    public static let name = ".impt.project"
    /// Where plugins' project settings live: `{"pluginSettings": {"<group>": {...}}}`.
    public static let pluginSettingsKey = "pluginSettings"

    /// Every member of the file, in file order.
    public var document: JSONObject

    public init(document: JSONObject) {
        self.document = document
    }

    public init(deviceGroupId: String, deviceFile: String, agentFile: String) {
        document = JSONObject([
            ("deviceGroupId", .string(deviceGroupId)), ("deviceFile", .string(deviceFile)),
            ("agentFile", .string(agentFile)),
        ])
    }

    public var deviceGroupId: String { document["deviceGroupId"]?.stringValue ?? "" }
    public var deviceFile: String { document["deviceFile"]?.stringValue ?? "" }
    public var agentFile: String { document["agentFile"]?.stringValue ?? "" }

    public var json: JSON { .object(document) }

    public static func path(in directory: String) -> String { FileSystem.join(directory, name) }

    static let notFound = ImptError(IMPT_ERR_NOT_FOUND, "Project File is not found in the current directory.")
    static let corrupted = ImptError(IMPT_ERR_CONFIG, "Project File is corrupted.")

    /// Loads the project file of `directory`: `IMPT_ERR_NOT_FOUND` when there is none,
    /// `Project File is corrupted.` when it is not a JSON object with a `deviceGroupId` string,
    /// not a regular file, or larger than `ConfigFileLimit.bytes`.
    public static func load(in directory: String) throws(ImptError) -> ProjectFile {
        let path = path(in: directory)
        guard FileSystem.exists(path) else { throw notFound }
        guard let bytes = ConfigFileLimit.read(path), let document = try? JSONParser.parse(bytes: bytes),
            case .object(let members) = document, members["deviceGroupId"]?.stringValue != nil
        else { throw corrupted }
        let project = ProjectFile(document: members)
        try project.checkSourceFiles(in: directory, status: IMPT_ERR_CONFIG)
        return project
    }

    /// Refuses a project whose `deviceFile` or `agentFile` leads out of `directory`
    /// (`SourcePathRule`): such a file is never used, so no command reads, writes or deletes a
    /// file elsewhere because a project file says so.
    func checkSourceFiles(in directory: String, status: impt_status) throws(ImptError) {
        for (key, side) in [("deviceFile", "device"), ("agentFile", "agent")] {
            guard let path = document[key]?.stringValue, let violation = SourcePathRule.violation(of: path, in: directory)
            else { continue }
            throw ImptError(
                status, "Project File names \"\(path)\" as its \(side) source file: \(violation.reason).")
        }
    }

    /// The members of the file when it holds a JSON object (even without a `deviceGroupId`);
    /// empty when there is no file or it cannot be read as one.
    static func readableMembers(in directory: String) -> ProjectFile {
        guard let bytes = ConfigFileLimit.read(path(in: directory)),
            case .object(let members)? = try? JSONParser.parse(bytes: bytes)
        else { return ProjectFile(document: JSONObject()) }
        return ProjectFile(document: members)
    }

    /// Applies `changes` the way `impt.config` saves: a member whose value is null removes its
    /// key, an existing key keeps its place, a new key is appended.
    public mutating func merge(_ changes: JSONObject) {
        for (key, value) in changes {
            // `JSON` is nil-literal convertible: spell out the Optional that removes the key.
            document[key] = value.isNull ? Optional<JSON>.none : value
        }
    }

    /// Writes the file (pretty JSON) through an atomic replace.
    public func save(in directory: String) throws(ImptError) {
        try checkSourceFiles(in: directory, status: IMPT_ERR_INVALID_ARGUMENT)
        do {
            try FileSystem.writeAtomically(Self.path(in: directory), Array(JSONWriter.write(json, pretty: true).utf8))
        } catch {
            throw .file(error)
        }
    }
}
