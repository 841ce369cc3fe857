import Foundation
import Testing

/// Auth and project files are written without following planted links and read only when they are
/// small regular files.
@Suite(.inProcess) struct ConfigFileSafetyTests {
    /// Runs impt through `sh -c '<prepare>; exec impt ...'`, so `$$` in `prepare` is impt's pid.
    func imptAfter(_ prepare: String, _ sandbox: Sandbox, _ arguments: [String]) throws -> Run {
        let command = prepare + "; exec \"$0\" \"$@\""
        return try runProgram("/bin/sh", ["-c", command, Build.impt] + arguments, environment: sandbox.environment,
                              directory: sandbox.work)
    }

    @Test func aLinkPlantedAtTheTemporaryNameReceivesNothing() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        let victim = sandbox.root.appendingPathComponent("victim")
        try Data("untouched\n".utf8).write(to: victim)
        // The temporary name an earlier impt used: <auth file>.tmp-<pid>.
        let run = try imptAfter("ln -s \(victim.path) .impt.auth.tmp-$$", sandbox,
                                ["auth", "login", "--local", "-e", sim.baseURL, "-u", "demo", "-w", "demo-password", "-q"])
        #expect(run.stdout == "Local login is successful.\nIMPT COMMAND SUCCEEDS\n", "\(run)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "untouched\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: sandbox.localAuthFile.path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(try sandbox.authFile(sandbox.localAuthFile)["accessToken"]?.isEmpty == false)
        // No temporary file is left behind (the planted link is not impt's).
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: sandbox.work.path).filter { $0.contains(".tmp-") }
        try #require(leftovers.count == 1, "\(leftovers)")
        #expect(leftovers[0].hasPrefix(".impt.auth.tmp-"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: sandbox.work.appendingPathComponent(leftovers[0]).path) == victim.path)
    }

    @Test func anAuthFileThatIsALinkIsReplacedNotFollowed() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        let victim = sandbox.root.appendingPathComponent("victim")
        try Data("untouched\n".utf8).write(to: victim)
        try FileManager.default.createSymbolicLink(atPath: sandbox.localAuthFile.path, withDestinationPath: victim.path)
        let run = try sandbox.impt("auth", "login", "--local", "-e", sim.baseURL, "-u", "demo", "-w", "demo-password", "-q")
        #expect(run.status == 0, "\(run)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "untouched\n")
        #expect(try FileManager.default.attributesOfItem(atPath: sandbox.localAuthFile.path)[.type] as? FileAttributeType == .typeRegular)
    }

    /// Makes `file` something that is not a small regular file.
    static func plant(_ kind: String, at file: URL) throws {
        switch kind {
        case "dev-zero": try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: "/dev/zero")
        case "fifo": _ = try runProgram("/usr/bin/mkfifo", [file.path], environment: [:])
        case "directory": try FileManager.default.createDirectory(at: file, withIntermediateDirectories: false)
        default:
            // Valid JSON, one byte over the 1 MiB limit.
            let document = #"{"deviceGroupId": "g", "accessToken": "t", "expiresAt": "2099-01-01T00:00:00Z"}"#
            let padding = String(repeating: " ", count: (1 << 20) + 1 - document.utf8.count)
            try Data((document + padding).utf8).write(to: file)
            #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int == (1 << 20) + 1)
        }
    }

    static let kinds = ["dev-zero", "fifo", "directory", "oversized"]

    @Test(arguments: kinds)
    func authFilesThatAreNotSmallRegularFilesAreCorrupted(kind: String) throws {
        let sandbox = try Sandbox()
        try Self.plant(kind, at: sandbox.globalAuthFile)
        let run = try runProgram(Build.impt, ["product", "list"], environment: sandbox.environment, directory: sandbox.work,
                                 timeout: 20)
        #expect(run.stdout == "Error: Global Auth File is corrupted.\nPlease relogin using \"impt auth login\" command and then try again.\nIMPT COMMAND FAILS\n", "\(run)")
    }

    @Test(arguments: kinds)
    func projectFilesThatAreNotSmallRegularFilesAreCorrupted(kind: String) throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        try Self.plant(kind, at: sandbox.file(".impt.project"))
        let run = try runProgram(Build.impt, ["product", "info"], environment: sandbox.environment, directory: sandbox.work,
                                 timeout: 20)
        #expect(run.stdout == "Error: Project File is corrupted.\nIMPT COMMAND FAILS\n", "\(run)")
    }

    @Test func aConfigFileJustUnderTheLimitIsRead() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        try sandbox.login(sim)
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: sandbox.globalAuthFile)) as? [String: String])
        document["padding"] = ""
        let size = try JSONSerialization.data(withJSONObject: document).count
        document["padding"] = String(repeating: "p", count: (1 << 20) - size)
        let data = try JSONSerialization.data(withJSONObject: document)
        #expect(data.count == 1 << 20)
        try data.write(to: sandbox.globalAuthFile)
        #expect(try sandbox.impt("product", "list").stdout == "No Products are found.\nIMPT COMMAND SUCCEEDS\n")
    }
}
