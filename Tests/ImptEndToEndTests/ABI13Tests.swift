import Foundation
import Testing

/// ABI 1.3: handlers that read their arguments by name, plugins written for 1.0–1.2 (and built
/// against the 1.2 header itself) still loading, the descriptor's language and toolchain, and the
/// frozen layouts.
@Suite(.inProcess) struct ABI13Tests {
    static func object(_ run: Run) -> [String: Any]? { run.json as? [String: Any] }

    @Test func argumentsAreReadByNameInEveryType() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libfixture.so")
        let run = try sandbox.impt("fixture", "args", "-t", "hi", "-f", "-s", "false", "-n", "7", "-i", "a", "-i", "b", "-r", "2.5",
                                   "-z", "json")
        #expect(run.status == 0, "\(run)")
        let given = try #require(Self.object(run), "\(run)")
        #expect(given["command"] as? String == "args" && given["text"] as? String == "hi" && given["flag"] as? Bool == true)
        #expect(given["state"] as? Int == 0 && given["number"] as? Int == 7 && given["list"] as? [String] == ["a", "b"])
        #expect(given["count"] as? Int == 2 && given["real"] as? Double == 2.5 && given["text_given"] as? Bool == true)

        // Absent: NULL text and an empty list (which results show as "", as the original did).
        let absent = try #require(Self.object(try sandbox.impt("fixture", "args", "-z", "json")))
        #expect(absent["text"] as? String == "" && absent["flag"] as? Bool == false && absent["state"] as? Int == -1)
        #expect(absent["number_unset"] as? Bool == true && absent["list"] as? String == "" && absent["count"] as? Int == 0)
        #expect(absent["real"] as? String == "NaN" && absent["text_given"] as? Bool == false)
        // The same options through the positional form give the same values.
        let positional = try #require(Self.object(try sandbox.impt("fixture", "types", "-t", "hi", "-f", "-n", "7", "-z", "json")))
        #expect(positional["text"] as? String == "hi" && positional["number"] as? Int == 7)
    }

    @Test func aWrongAccessorIsAClearErrorNotACrash() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libfixture.so")
        let wrongType = try sandbox.impt("fixture", "misread", "-w", "x")
        #expect(wrongType.status == 1, "\(wrongType)")
        #expect(wrongType.stdout == "Error: Internal error: the plugin reads option \"--how\" with impt.args/1 list, "
            + "but declares it as a string option.\nIMPT COMMAND FAILS\n", "\(wrongType)")
        let unknown = try sandbox.impt("fixture", "misread", "-w", "missing")
        #expect(unknown.stdout == "Error: Internal error: the plugin reads an option \"--nothing\" that its command does not "
            + "declare.\nIMPT COMMAND FAILS\n", "\(unknown)")
        let detailed = try sandbox.impt(["fixture", "misread", "-w", "x"], environment: ["IMPT_DETAILED_EXIT_CODES": "1"])
        #expect(detailed.status == 1)
    }

    /// A plugin compiled against the ABI 1.2 header as it was published keeps working.
    @Test func aPluginBuiltAgainstThe12HeaderLoads() throws {
        let sandbox = try Sandbox()
        try compilePlugin(Build.fixtures.appendingPathComponent("fixture_plugin.c"),
                          to: sandbox.plugins.appendingPathComponent("libold.so"),
                          flags: ["-DFIXTURE_GROUP=\"old\""], headers: Build.fixtures.appendingPathComponent("abi-1.2").path)
        for minor in 0...1 {
            try sandbox.compile(as: "libabi1\(minor).so", flags: ["-DIMPT_TARGET_ABI_MINOR=\(minor)", "-DFIXTURE_GROUP=\"abi1\(minor)\""])
        }
        for group in ["old", "abi10", "abi11"] {
            let run = try sandbox.impt(group, "types", "-t", "x", "-n", "3", "-i", "a", "-z", "json")
            #expect(run.status == 0 && Self.object(run)?["number"] as? Int == 3, "\(group): \(run)")
            let wide = try sandbox.impt(group, "wide", "--i9", "9", "--d9", "0.5", "--last", "end", "-z", "json")
            #expect(Self.object(wide)?["last"] as? String == "end", "\(group): \(wide)")
        }
        let list = try sandbox.impt("plugins", "list", "-z", "json")
        let rows = (list.json as? [[String: [String: String]]] ?? []).compactMap { $0["Plugin"] }
        #expect(rows.first { $0["group"] == "old" }?["abi"] == "1.2", "\(list)")
        #expect(rows.first { $0["group"] == "old" }?["language"] == "C", "\(list)")
    }

    @Test func theDescriptorNamesLanguageAndToolchain() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "librusty.so", flags: ["-DFIXTURE_GROUP=\"rusty\"", "-DFIXTURE_LANGUAGE=\"Rust\"",
                                                        "-DFIXTURE_TOOLCHAIN=\"rustc 1.63.0\""])
        let list = try sandbox.impt("plugins", "list")
        #expect(list.stdout.contains("  group:    rusty\n") && list.stdout.contains("  language: Rust (rustc 1.63.0)\n"), "\(list)")
        #expect(list.stdout.contains("  abi:      1.3\n"), "\(list)")
        #expect(list.stdout.contains("  language: Swift (Swift 6."), "core plugins name their language: \(list)")
    }

    /// The static assertions compile for every minor version in C and C++, and stop a build whose
    /// header moved a field.
    @Test func frozenLayoutsCompileAndBite() throws {
        let source = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("impt-layout-\(UUID().uuidString).c")
        try Data("#include \"impt_plugin.h\"\nint main(void) { return 0; }\n".utf8).write(to: source)
        defer { try? FileManager.default.removeItem(at: source) }
        for minor in 0...3 {
            let run = try runProgram("/usr/bin/env", ["cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only",
                                                      "-I\(Build.headerDirectory)", "-DIMPT_TARGET_ABI_MINOR=\(minor)", source.path],
                                     environment: ["PATH": "/usr/bin:/bin"])
            #expect(run.status == 0, "minor \(minor): \(run)")
        }
        let cpp = try runProgram("/usr/bin/env", ["c++", "-std=c++17", "-fsyntax-only", "-x", "c++", "-I\(Build.headerDirectory)", source.path],
                                 environment: ["PATH": "/usr/bin:/bin"])
        #expect(cpp.status == 0, "\(cpp)")

        // A header with a field inserted into impt_option no longer compiles.
        let moved = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("impt-moved-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: moved, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: moved) }
        for name in ["impt_plugin.h", "impt_plugin_layout.h"] {
            var text = try String(contentsOfFile: "\(Build.headerDirectory)/\(name)", encoding: .utf8)
            if name == "impt_plugin.h" {
                text = text.replacingOccurrences(of: "    /** `IMPT_OPTION_*` flags. */\n    uint32_t flags;",
                                                 with: "    uint32_t inserted;\n    /** `IMPT_OPTION_*` flags. */\n    uint32_t flags;")
                #expect(text.contains("uint32_t inserted;"))
            }
            try Data(text.utf8).write(to: moved.appendingPathComponent(name))
        }
        let broken = try runProgram("/usr/bin/env", ["cc", "-std=c11", "-fsyntax-only", "-I\(moved.path)", source.path],
                                    environment: ["PATH": "/usr/bin:/bin"])
        #expect(broken.status != 0 && broken.stderr.contains("ABI layouts are frozen"), "\(broken)")
    }
}
