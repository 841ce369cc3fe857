import Foundation
import Testing

/// The ABI 1.2 services, driven by a C plugin built against the header alone
/// (Tests/Fixtures/services_plugin.c, group `svc`).
@Suite(.ownThreads) struct ServicesV2Tests {
    static func sandbox() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.compile(Build.fixtures.appendingPathComponent("services_plugin.c"), as: "libsvc.so")
        return sandbox
    }

    // MARK: impt.output/2

    @Test func resultItemsAreJSONLinesInJsonModeAndRenderedOtherwise() throws {
        let sandbox = try Self.sandbox()
        let json = try sandbox.impt("svc", "items", "--count", "3", "-z", "json")
        #expect(json.status == 0)
        #expect(json.stdout == """
            {"Item":{"n":1,"tags":""}}
            {"Item":{"n":2,"tags":""}}
            {"Item":{"n":3,"tags":""}}

            """, "one compact document per line and no {} after them")
        let text = try sandbox.impt("svc", "items", "--count", "2")
        #expect(text.stdout == "Item: \n  n:    1\n  tags: \nFirst item printed.\nItem: \n  n:    2\n  tags: \nIMPT COMMAND SUCCEEDS\n")
        #expect(try sandbox.impt("svc", "items", "--count", "0", "-z", "json").stdout == "{}\n")
    }

    @Test func aPluginsPrintfNeverLandsAfterTheStatusLine() throws {
        let sandbox = try Self.sandbox()
        #expect(try sandbox.impt("svc", "printf").stdout == "Host line.\nPlugin printf line.\nIMPT COMMAND SUCCEEDS\n")
        // Without a flush the host's buffered line comes after the plugin's, but still before the status line.
        #expect(try sandbox.impt("svc", "printf", "--no-flush").stdout == "Plugin printf line.\nHost line.\nIMPT COMMAND SUCCEEDS\n")
    }

    @Test func exitInsideAHandlerStillWritesTheOutputAndTheStatusLine() throws {
        let sandbox = try Self.sandbox()
        let success = try sandbox.impt("svc", "exit", "--code", "0")
        #expect(success.status == 0)
        #expect(success.stdout == "Leaving with exit().\nCode: 0\nIMPT COMMAND SUCCEEDS\n")
        let failure = try sandbox.impt("svc", "exit", "--code", "3")
        #expect(failure.status == 3)
        #expect(failure.stdout == "Leaving with exit().\nCode: 3\nIMPT COMMAND FAILS\n")
        #expect(try sandbox.impt("svc", "exit", "--code", "0", "-z", "json").stdout == "{\n  \"Code\": 0\n}\n")
    }

    static let erase = "\u{1b}[2K\u{1b}[1G"

    @Test func progressIsDrawnAtATerminalAndErasedBeforeOtherOutput() throws {
        let sandbox = try Self.sandbox()
        let terminal = try Terminal(Build.impt, ["svc", "progress", "--steps", "3"], environment: sandbox.environment,
                                    directory: sandbox.work)
        let transcript = terminal.readToExit()
        #expect(terminal.waitForExit() == 0)
        let e = Self.erase
        #expect(transcript == e + "Working: 1/3" + e + "Started.\r\n" + e + "Working: 2/3" + e + "Working: 3/3"
            + e + "Almost \\u001b[31mdone" + e + "Done.\r\n" + e + "Left over" + e + "IMPT COMMAND SUCCEEDS\r\n",
            "\(transcript.debugDescription)")
    }

    @Test(arguments: ["minimal", "json", "debug"])
    func progressIsNeverDrawnInOtherModes(mode: String) throws {
        let sandbox = try Self.sandbox()
        let terminal = try Terminal(Build.impt, ["svc", "progress", "--steps", "3", "-z", mode], environment: sandbox.environment,
                                    directory: sandbox.work)
        let transcript = terminal.readToExit()
        #expect(terminal.waitForExit() == 0)
        let expected = ["minimal": "", "json": "{}\r\n", "debug": "Started.\r\nDone.\r\nIMPT COMMAND SUCCEEDS\r\n"]
        #expect(transcript == expected[mode], "\(transcript.debugDescription)")
    }

    @Test func progressIsNeverDrawnIntoAPipe() throws {
        let sandbox = try Self.sandbox()
        #expect(try sandbox.impt("svc", "progress", "--steps", "3").stdout == "Started.\nDone.\nIMPT COMMAND SUCCEEDS\n")
    }

    // MARK: impt.values/2

    func measure(_ sandbox: Sandbox, _ arguments: [String]) throws -> (growth: Int, samePointer: Bool) {
        let run = try sandbox.impt(["svc", "strings", "--calls", "200000", "-z", "json"] + arguments)
        let result = try #require(run.json as? [String: Any], "\(run)")
        return (try #require(result["growth_kb"] as? Int), try #require(result["same_pointer"] as? Bool))
    }

    @Test func scopesKeepMemoryFlatOver200kBorrowedStrings() throws {
        let sandbox = try Self.sandbox()
        let scoped = try measure(sandbox, [])
        #expect(scoped.samePointer)
        #expect(scoped.growth <= 256, "resident set grew by \(scoped.growth) KiB")
        // The same loop without scopes keeps every handle until the handler returns.
        let unscoped = try measure(sandbox, ["--unscoped"])
        #expect(unscoped.samePointer)
        #expect(unscoped.growth >= 4096, "resident set grew by \(unscoped.growth) KiB")
    }

    @Test func handlesOfAnEndedScopeReadAsNull() throws {
        let sandbox = try Self.sandbox()
        let run = try sandbox.impt("svc", "stale", "-z", "minimal")
        #expect(run.stdout == #"{"stale_kind":0,"stale_string_is_null":true,"inner_kind":0,"reused":"a newer value","kept":["copied out"]}"# + "\n")
    }

    // MARK: impt.config/1 and /2

    static let foreignProject = """
        {
          "deviceGroupId": "dg-1",
          "deviceFile": "device.nut",
          "agentFile": "agent.nut",
          "builderSettings": {
            "variable_definitions": {
              "KEY": "value"
            },
            "github_user": null
          },
          "note": [1, 2.5, "x"]
        }
        """

    func projectDocument(_ sandbox: Sandbox) throws -> String {
        try String(contentsOf: sandbox.file(".impt.project"), encoding: .utf8)
    }

    @Test(arguments: [false, true])
    func projectSaveKeepsEveryKeyItDoesNotChange(v1: Bool) throws {
        let sandbox = try Self.sandbox()
        try Data(Self.foreignProject.utf8).write(to: sandbox.file(".impt.project"))
        let loaded = try sandbox.impt("svc", "project-load", "-z", "minimal")
        #expect(loaded.stdout == #"{"deviceGroupId":"dg-1","deviceFile":"device.nut","agentFile":"agent.nut","builderSettings":{"variable_definitions":{"KEY":"value"},"github_user":null},"note":[1,2.5,"x"]}"# + "\n")
        let save = try sandbox.impt(["svc", "project-save", "--json", #"{"agentFile": "new.nut", "note": null, "added": true}"#] + (v1 ? ["--v1"] : []))
        #expect(save.stdout == "IMPT COMMAND SUCCEEDS\n", "\(save)")
        #expect(try projectDocument(sandbox) == """
            {
              "deviceGroupId": "dg-1",
              "deviceFile": "device.nut",
              "agentFile": "new.nut",
              "builderSettings": {
                "variable_definitions": {
                  "KEY": "value"
                },
                "github_user": null
              },
              "added": true
            }
            """)
    }

    @Test func aProjectNeedsADeviceGroupId() throws {
        let sandbox = try Self.sandbox()
        let run = try sandbox.impt("svc", "project-save", "--json", #"{"deviceFile": "d.nut"}"#)
        #expect(run.stdout == "Error: The project needs a deviceGroupId string.\nIMPT COMMAND FAILS\n")
        #expect(!FileManager.default.fileExists(atPath: sandbox.file(".impt.project").path))
        try sandbox.impt("svc", "project-save", "--json", #"{"deviceGroupId": "g", "deviceFile": "d.nut", "agentFile": "a.nut"}"#)
        #expect(try projectDocument(sandbox) == "{\n  \"deviceGroupId\": \"g\",\n  \"deviceFile\": \"d.nut\",\n  \"agentFile\": \"a.nut\"\n}")
    }

    @Test func projectSettingsLiveUnderPluginSettingsAndKeepTheRest() throws {
        let sandbox = try Self.sandbox()
        #expect(try sandbox.impt("svc", "settings", "--scope", "project").stdout
            == "Error: Project File is not found in the current directory.\nIMPT COMMAND FAILS\n")
        try Data(Self.foreignProject.utf8).write(to: sandbox.file(".impt.project"))
        #expect(try sandbox.impt("svc", "settings", "-z", "minimal").stdout == "{}\n")
        #expect(try sandbox.impt("svc", "settings", "--save", #"{"retries": 3}"#, "-z", "minimal").stdout == #"{"retries":3}"# + "\n")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(projectDocument(sandbox).utf8)) as? [String: Any])
        #expect(document.keys.sorted() == ["agentFile", "builderSettings", "deviceFile", "deviceGroupId", "note", "pluginSettings"])
        #expect((document["pluginSettings"] as? [String: [String: Int]]) == ["svc": ["retries": 3]])
        #expect(try projectDocument(sandbox).hasSuffix("\"note\": [\n    1,\n    2.5,\n    \"x\"\n  ],\n  \"pluginSettings\": {\n    \"svc\": {\n      \"retries\": 3\n    }\n  }\n}"))
    }

    @Test func userSettingsLiveInTheConfigDirectory() throws {
        let sandbox = try Self.sandbox()
        #expect(try sandbox.impt("svc", "settings", "--scope", "user", "-z", "minimal").stdout == "{}\n")
        try sandbox.impt("svc", "settings", "--scope", "user", "--save", #"{"colour": "blue"}"#)
        let file = sandbox.home.appendingPathComponent(".config/impt/plugins/svc.json")
        #expect(try String(contentsOf: file, encoding: .utf8) == "{\n  \"colour\": \"blue\"\n}")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        #expect(try sandbox.impt("svc", "settings", "--scope", "user", "-z", "minimal").stdout == #"{"colour":"blue"}"# + "\n")
        // XDG_CONFIG_HOME moves it.
        let xdg = sandbox.root.appendingPathComponent("xdg")
        let moved = try sandbox.impt(["svc", "settings", "--scope", "user", "--save", "{}", "-z", "minimal"],
                                     environment: ["XDG_CONFIG_HOME": xdg.path])
        #expect(moved.stdout == "{}\n")
        #expect(FileManager.default.fileExists(atPath: xdg.appendingPathComponent("impt/plugins/svc.json").path))
        try Data("[]".utf8).write(to: file)
        #expect(try sandbox.impt("svc", "settings", "--scope", "user").stdout
            == "Error: Settings File of plugin group \"svc\" (\(file.path)) is corrupted.\nIMPT COMMAND FAILS\n")
    }
}
