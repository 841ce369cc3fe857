import Foundation
import Testing

/// Interface strings of the original impt that scripts parse (issue 13 item 10).
@Suite(.inProcess) struct FidelityTests {
    @Test func emptyPartsOfHierarchicalIdentifiersNameTheirKind() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(Build.fixtures.appendingPathComponent("services_plugin.c"), as: "libsvc.so")
        let sim = try Simulator()
        try sandbox.login(sim)
        let productID = try sandbox.createProduct("MyProduct")
        try Scenario(sim).deviceGroup(product: productID, name: "MyDG")
        func info(_ identifier: String) throws -> String { try sandbox.impt("product", "info", "--product", identifier).stdout }
        func group(_ identifier: String) throws -> String { try sandbox.impt("svc", "resolve", "--kind", "3", "--id", identifier).stdout }
        let fails = "\nIMPT COMMAND FAILS\n"
        #expect(try info("{me}{}") == "Error: No Product Identifier is specified." + fails)
        #expect(try info("{}{MyProduct}") == "Error: No Account Identifier is specified." + fails)
        #expect(try info("{}{}") == "Error: No Account Identifier is specified." + fails)
        #expect(try group("{}{MyProduct}{MyDG}") == "Error: No Account Identifier is specified." + fails)
        #expect(try group("{me}{}{MyDG}") == "Error: No Product Identifier is specified." + fails)
        #expect(try group("{me}{MyProduct}{}") == "Error: No Device Group Identifier is specified." + fails)
        #expect(try group("{me}{MyProduct}{MyDG}").hasSuffix("\nIMPT COMMAND SUCCEEDS\n"))
        // The whole string is still tried as a plain identifier first.
        let odd = try sandbox.createProduct("{me}{}")
        #expect(try info("{me}{}").contains("  id:          \(odd)\n"))
    }

    @Test func authInfoWithAMissingAuthFilePathShowsWhatIsKnown() throws {
        let sandbox = try Sandbox()
        let directory = sandbox.root.appendingPathComponent("auth")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let run = try sandbox.impt(["auth", "info"], environment: ["IMPT_AUTH_FILE_PATH": directory.path])
        #expect(run.status == 1)
        #expect(run.stdout == """
            Auth: 
              Auth type:                 Auth file path: \(directory.path)
              impCentral API endpoint:   https://api.electricimp.com/v5
              Access token auto refresh: false
            Error: Auth File is not found.
            IMPT COMMAND FAILS

            """)
        // A local auth file comes first: then the path does not matter.
        try Data(#"{"accessToken": "t", "expiresAt": "2000-01-01T00:00:00Z"}"#.utf8).write(to: sandbox.localAuthFile)
        let local = try sandbox.impt(["auth", "info"], environment: ["IMPT_AUTH_FILE_PATH": directory.path])
        #expect(local.lines.first == "Auth: ")
        #expect(local.lines.dropFirst().first == "  Auth type:                 Local Auth file")
    }

    @Test func helpIsWrappedTo80ColumnsWhenPipedWithHelpListedFirst() throws {
        let sandbox = try Sandbox()
        let run = try sandbox.impt("product", "create", "--help")
        let lines = run.lines
        #expect(lines[1].hasPrefix("Usage: impt product create --name <product_name>"), "the usage line is kept whole")
        #expect(lines.dropFirst(2).allSatisfy { $0.count <= 80 }, "\(run.stdout)")
        #expect(lines[3].count > 60, "the description fills the width")
        let options = try #require(lines.firstIndex(of: "Options:"))
        #expect(lines[options + 1].hasPrefix("  --help, -h    "))
        #expect(lines[options + 2] == String(repeating: " ", count: 71) + "[boolean]")
        #expect(lines[options + 3].hasPrefix("  --name, -n    ") && lines[options + 3].hasSuffix("[string] [required]"))
        #expect(lines.last?.hasSuffix("[string] [choices: \"minimal\", \"json\", \"debug\"]") == true)
    }

    @Test func helpFollowsANarrowTerminal() throws {
        let sandbox = try Sandbox()
        let terminal = try Terminal("/bin/sh", ["-c", "stty cols 60 && exec \"$0\" product create --help", Build.impt],
                                    environment: sandbox.environment, directory: sandbox.work)
        let transcript = terminal.readToExit()
        #expect(terminal.waitForExit() == 0)
        let lines = transcript.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count > 12, "\(transcript)")
        #expect(lines.dropFirst(2).allSatisfy { $0.count <= 60 }, "\(transcript)")
        #expect(lines.dropFirst(2).filter { $0.hasSuffix("]") }.allSatisfy { $0.count == 60 }, "tags end at column 60")
        #expect(lines[8].hasPrefix("  --help, -h    "))
        // A terminal wider than 80 columns still gets 80, as the original's help.
        let wide = try Terminal("/bin/sh", ["-c", "stty cols 132 && exec \"$0\" product create --help", Build.impt],
                                environment: sandbox.environment, directory: sandbox.work)
        let wideLines = wide.readToExit().components(separatedBy: "\r\n").dropLast()
        #expect(wideLines.dropFirst(2).filter { $0.hasSuffix("]") }.allSatisfy { $0.count == 80 })
        #expect(wideLines.contains(String(repeating: " ", count: 71) + "[boolean]"))
    }
}
