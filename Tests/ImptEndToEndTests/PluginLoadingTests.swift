import Foundation
import Testing

/// Bad plugin files are skipped with one line on standard error, and everything else keeps working.
@Suite(.ownThreads) struct PluginLoadingTests {
    /// Runs `impt --help` and `impt product --help` and checks that the core groups still work.
    func expectOthersStillWork(_ sandbox: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws -> Run {
        let help = try sandbox.impt("--help")
        #expect(help.status == 0, sourceLocation: sourceLocation)
        #expect(help.stdout.contains("  impt auth "), sourceLocation: sourceLocation)
        #expect(help.stdout.contains("  impt product "), sourceLocation: sourceLocation)
        let group = try sandbox.impt("product", "--help")
        #expect(group.status == 0, sourceLocation: sourceLocation)
        return help
    }

    func expectSkipped(_ sandbox: Sandbox, _ file: String, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let run = try expectOthersStillWork(sandbox, sourceLocation: sourceLocation)
        let path = sandbox.plugins.appendingPathComponent(file).path
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 1, "\(run)", sourceLocation: sourceLocation)
        #expect(lines.first?.hasPrefix("impt: skipping plugin \(path): it \(reason)") == true, "\(run)", sourceLocation: sourceLocation)
        #expect(!run.stdout.contains("impt fixture"), sourceLocation: sourceLocation)
    }

    @Test func emptyFile() throws {
        let sandbox = try Sandbox()
        try Data().write(to: sandbox.plugins.appendingPathComponent("libempty.so"))
        try expectSkipped(sandbox, "libempty.so", "is empty")
    }

    @Test func fileThatIsNotELF() throws {
        let sandbox = try Sandbox()
        try Data(String(repeating: "not a library\n", count: 20).utf8).write(to: sandbox.plugins.appendingPathComponent("libtext.so"))
        try expectSkipped(sandbox, "libtext.so", "is not an ELF shared library")
    }

    @Test func libraryWithoutEntrySymbol() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libnoentry.so", flags: ["-DFIXTURE_NO_ENTRY"])
        try expectSkipped(sandbox, "libnoentry.so", "does not export impt_plugin_entry")
    }

    @Test func anotherMajorVersion() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libmajor.so", flags: ["-DFIXTURE_MAJOR=2", "-DFIXTURE_MINOR=0"])
        try expectSkipped(sandbox, "libmajor.so", "is built for plugin ABI 2.0; this impt supports ABI 1.x only")
    }

    @Test func newerMinorVersion() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libminor.so", flags: ["-DFIXTURE_MINOR=9"])
        try expectSkipped(sandbox, "libminor.so", "is built for plugin ABI 1.9, newer than this impt's 1.3; update impt")
    }

    @Test func descriptorSmallerThanTheFirstABI() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libsmall.so", flags: ["-DFIXTURE_DESCRIPTOR_SIZE=16"])
        try expectSkipped(sandbox, "libsmall.so", "declares a plugin descriptor of 16 bytes, smaller than")
    }

    @Test func groupNameAlreadyTaken() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "liba-first.so")
        try sandbox.compile(as: "libb-second.so")
        let run = try expectOthersStillWork(sandbox)
        let first = sandbox.plugins.appendingPathComponent("liba-first.so").path
        let second = sandbox.plugins.appendingPathComponent("libb-second.so").path
        #expect(run.stderr == "impt: skipping plugin \(second): it declares group \"fixture\", which \(first) already provides\n")
        #expect(try sandbox.impt("fixture", "fail").stdout.contains("Error: Fixture failure."))
    }

    @Test func coreGroupCannotBeTakenOver() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libaa-product.so", flags: ["-DFIXTURE_GROUP=\"product\""])
        let run = try expectOthersStillWork(sandbox)
        #expect(run.stderr.contains("libaa-product.so: it declares group \"product\", which"))
    }

    @Test func hostCommandsCannotBeShadowed() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libplugins.so", flags: ["-DFIXTURE_GROUP=\"plugins\""])
        try expectSkipped(sandbox, "libplugins.so", "declares group \"plugins\", which is reserved for impt itself")
        #expect(try sandbox.impt("plugins", "list").status == 0)
    }

    /// A Swift plugin whose recorded toolchain is another one (faked in its .comment section) is
    /// refused with one warning line and a plugins list status, and never loaded: its library
    /// constructor, which would leave a trace, never runs.
    @Test func swiftPluginFromAnotherToolchain() throws {
        let sandbox = try Sandbox()
        let trace = sandbox.root.appendingPathComponent("trace")
        sandbox.extraEnvironment["FIXTURE_TRACE"] = trace.path
        try sandbox.compile(
            as: "libforeign.so",
            flags: ["-DFIXTURE_SWIFT_TOOLCHAIN=\"clang version 1.2.3 (a different Swift toolchain)\"",
                    "-Wl,--no-as-needed", "-L\(Build.swiftRuntimeDirectory)", "-lswiftCore"])
        let reason = "is a Swift plugin built with another Swift toolchain (clang version 1.2.3 (a different Swift toolchain))"
        try expectSkipped(sandbox, "libforeign.so", reason)
        let list = try sandbox.impt("plugins", "list")
        #expect(list.stdout.contains("status: skipped: it \(reason); this impt was built with clang version "), "\(list)")
        #expect(try sandbox.impt("fixture", "types").status == 1)
        #expect(!FileManager.default.fileExists(atPath: trace.path), "the library was never opened")
    }

    @Test func olderMinorAndLargerStructsStillLoad() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libold.so", flags: ["-DIMPT_TARGET_ABI_MINOR=0", "-DFIXTURE_MINOR=0", "-DFIXTURE_PADDED_OPTIONS"])
        let help = try sandbox.impt("fixture", "fail", "--help")
        #expect(help.status == 0, "\(help)")
        #expect(help.lines[1] == "Usage: impt fixture fail [--how <how>] [--extra] [--output <mode>] [--help]")
        let run = try sandbox.impt("fixture", "types", "-n", "7")
        #expect(run.stdout.contains("number:       7\n"), "\(run)")
        #expect(try sandbox.impt("plugins", "list").stdout.contains("  abi:      1.0\n"))
    }

    @Test func listingUsesTheCacheInsteadOfLoading() throws {
        let sandbox = try Sandbox()
        let trace = sandbox.root.appendingPathComponent("trace")
        sandbox.extraEnvironment["FIXTURE_TRACE"] = trace.path
        let library = try sandbox.compile(as: "libfixture.so")
        let loads = { (try? String(contentsOf: trace, encoding: .utf8))?.split(separator: "\n").count ?? 0 }
        #expect(try sandbox.impt("--help").stdout.contains("  impt fixture "))
        #expect(loads() == 1, "a new file is inspected once")
        let cached = try sandbox.impt("--help")
        #expect(cached.stdout.contains("  impt fixture ") && cached.stderr.isEmpty, "\(cached)")
        #expect(loads() == 1, "a known file is listed from the cache, not loaded")
        // Garbage of the same size and modification time (a package upgrade can keep both) is
        // still seen: replacing a file changes its status change time.
        let reference = sandbox.root.appendingPathComponent("timestamp")
        let touch = { (arguments: [String]) throws in
            _ = try runProgram("/usr/bin/touch", arguments, environment: [:])
        }
        try touch(["-r", library.path, reference.path])
        let size = (try FileManager.default.attributesOfItem(atPath: library.path)[.size] as? NSNumber)?.intValue ?? 0
        try Data(repeating: 0x41, count: size).write(to: library)
        try touch(["-r", reference.path, library.path])
        let rescanned = try sandbox.impt("--help")
        #expect(!rescanned.stdout.contains("  impt fixture "))
        #expect(rescanned.stderr.contains("libfixture.so: it is not an ELF shared library"))
    }

    /// The sandbox is laid out as an installation: `<root>/bin/impt` and `<root>/lib/impt/plugins`.
    @Test func pluginsInstalledBesideTheExecutable() throws {
        let sandbox = try Sandbox(plugins: ["product"])
        let run = try sandbox.impt(["--help"], environment: ["IMPT_PLUGIN_PATH": ""])
        #expect(run.stdout.contains("  impt product     Product manipulation commands.\n"), "\(run)")
        #expect(!run.stdout.contains("impt auth"))
    }

    @Test func pluginDirectoriesAreSearchedInOrder() throws {
        let sandbox = try Sandbox()
        let first = sandbox.root.appendingPathComponent("first")
        try FileManager.default.createDirectory(at: first, withIntermediateDirectories: true)
        try compilePlugin(Build.fixtures.appendingPathComponent("fixture_plugin.c"), to: first.appendingPathComponent("libz.so"))
        try sandbox.compile(as: "liba.so")
        let run = try sandbox.impt(["--help"], environment: ["IMPT_PLUGIN_PATH": "\(first.path):\(sandbox.plugins.path)"])
        #expect(run.stderr == "impt: skipping plugin \(sandbox.plugins.path)/liba.so: it declares group \"fixture\", which \(first.path)/libz.so already provides\n")
        // The per-user directory comes last.
        let user = sandbox.home.appendingPathComponent(".local/share/impt/plugins")
        try FileManager.default.createDirectory(at: user, withIntermediateDirectories: true)
        try compilePlugin(Build.fixtures.appendingPathComponent("fixture_plugin.c"), to: user.appendingPathComponent("libuser.so"),
                          flags: ["-DFIXTURE_GROUP=\"mine\""])
        #expect(try sandbox.impt("--help").stdout.contains("  impt mine "))
    }

    /// `swift build && .build/debug/impt auth login ...`: the build folder's plugins are found.
    @Test func theBuiltImptFindsThePluginsBesideIt() throws {
        let sandbox = try Sandbox(plugins: [])
        let environment = sandbox.environment.merging(["IMPT_PLUGIN_PATH": ""]) { $1 }
        let help = try runProgram(Build.impt, ["--help"], environment: environment, directory: sandbox.work)
        #expect(help.status == 0 && help.stderr.isEmpty, "\(help)")
        #expect(help.stdout.contains("  impt auth        Authentication commands.\n"), "\(help)")
        #expect(help.stdout.contains("  impt product     Product manipulation commands.\n"))
        let login = try runProgram(Build.impt, ["auth", "login", "--help"], environment: environment, directory: sandbox.work)
        #expect(login.lines[1].hasPrefix("Usage: impt auth login "), "\(login)")
        let list = try runProgram(Build.impt, ["plugins", "list"], environment: environment, directory: sandbox.work)
        #expect(list.stdout.contains("  path:     \(Build.plugin("auth"))\n"), "\(list)")
    }

    /// Another path to a file already found (a symbolic link, a directory listed twice) is not a
    /// second plugin and not a conflict.
    @Test func theSameFileReachedTwiceIsNoConflict() throws {
        let sandbox = try Sandbox(plugins: ["auth", "product"])
        try FileManager.default.createSymbolicLink(
            at: sandbox.plugins.appendingPathComponent("libauth-again.so"),
            withDestinationURL: sandbox.installed.appendingPathComponent("libimpt-auth.so"))
        let environment = ["IMPT_PLUGIN_PATH": "\(sandbox.plugins.path):\(sandbox.installed.path)"]
        let help = try sandbox.impt(["--help"], environment: environment)
        #expect(help.status == 0 && help.stderr.isEmpty, "\(help)")
        let list = try sandbox.impt(["plugins", "list"], environment: environment)
        let first = sandbox.installed.appendingPathComponent("libimpt-auth.so").path
        #expect(list.stdout.contains("  path:   \(sandbox.plugins.path)/libauth-again.so\n  status: same file as \(first)\n"), "\(list)")
        let files = list.lines.filter { $0.hasPrefix("  path:") }
        #expect(files.count == 3, "a directory listed twice is searched once: \(list)")
    }

    // MARK: Plugins that crash, exit, hang or declare something impt refuses

    /// A plugin file impt must skip, with the exact reason it gives.
    struct BadPlugin: Sendable, CustomTestStringConvertible {
        var file: String
        var flags: [String]
        var reason: String
        /// The group the file declares, which must stay unknown (nil when it shadows a real group).
        var group: String? = "fixture"
        var testDescription: String { file }

        /// An array element whose struct_size differs from the first element's (96 bytes for a
        /// command, 64 for an option).
        static func wrongSize(_ file: String, _ define: String, _ element: String, _ size: Int) -> BadPlugin {
            let first = element.hasPrefix("commands") ? ("commands[0]", 96) : ("options[0]", 64)
            return BadPlugin(
                file: file, flags: ["-D\(define)"],
                reason: "declares \(element) of \(size) bytes after \(first.0) of \(first.1) bytes; "
                    + "every element of an array must have the same struct_size")
        }

        static let matrix: [BadPlugin] = [
            BadPlugin(file: "libsegfault.so", flags: ["-DFIXTURE_ENTRY_SEGFAULT"], reason: "crashed while loading (signal 11, SIGSEGV)"),
            BadPlugin(file: "libexit.so", flags: ["-DFIXTURE_CONSTRUCTOR_EXIT"], reason: "exited while loading (status 0)"),
            BadPlugin(file: "libabort.so", flags: ["-DFIXTURE_ENTRY_ABORT"], reason: "crashed while loading (signal 6, SIGABRT)"),
            // What the Swift SDK reports through `init` when a handler does not match its options.
            BadPlugin(
                file: "libinit.so",
                flags: ["-DFIXTURE_INIT_FAILS=\"command \\\"types\\\": handler parameter 3 is Int32, but option --flag needs Bool\""],
                reason: "failed to initialise: command \"types\": handler parameter 3 is Int32, but option --flag needs Bool"),
            wrongSize("libcommand-plus8.so", "FIXTURE_COMMAND1_SIZE=sizeof(impt_command)+8", "commands[1]", 104),
            wrongSize("libcommand-minus8.so", "FIXTURE_COMMAND1_SIZE=sizeof(impt_command)-8", "commands[1]", 88),
            wrongSize("libcommand-zero.so", "FIXTURE_COMMAND1_SIZE=0", "commands[1]", 0),
            wrongSize("liboption-plus8.so", "FIXTURE_OPTION2_SIZE=sizeof(impt_option)+8", "options[2] of command \"types\"", 72),
            wrongSize("liboption-huge.so", "FIXTURE_OPTION2_SIZE=0x7fffffff", "options[2] of command \"types\"", 2_147_483_647),
            BadPlugin(
                file: "libcommand-implausible.so", flags: ["-DFIXTURE_COMMAND0_SIZE=0x10008"],
                reason: "declares commands[0] of 65544 bytes, an implausible size"),
            BadPlugin(
                file: "libproduct.so", flags: ["-DFIXTURE_GROUP=\"product\""],
                reason: "declares group \"product\", which <installed>/libimpt-product.so already provides (groups installed with impt cannot be replaced)",
                group: nil),
            BadPlugin(
                file: "libhelp.so", flags: ["-DFIXTURE_GROUP=\"help\""], reason: "declares group \"help\", which is reserved for impt itself",
                group: "help"),
        ]
    }

    /// The bad file costs one inspection; every run names it on standard error, and help, the
    /// core groups and their commands keep working, also when served from the cache.
    @Test(arguments: BadPlugin.matrix)
    func badPluginIsSkippedOnceAndNothingElseBreaks(_ bad: BadPlugin) throws {
        let sandbox = try Sandbox()
        let trace = sandbox.root.appendingPathComponent("trace")
        sandbox.extraEnvironment["FIXTURE_TRACE"] = trace.path
        try sandbox.compile(as: bad.file, flags: bad.flags)
        let reason = bad.reason.replacingOccurrences(of: "<installed>", with: sandbox.installed.path)
        let skipped = "impt: skipping plugin \(sandbox.plugins.appendingPathComponent(bad.file).path): it \(reason)\n"
        for _ in 1...2 {
            let help = try sandbox.impt("--help")
            #expect(help.status == 0, "\(help)")
            #expect(help.stderr == skipped, "\(help)")
            #expect(help.stdout.contains("  impt auth ") && help.stdout.contains("  impt product     Product manipulation commands.\n"))
            #expect(!help.stdout.contains("Fixture commands"))
        }
        if let group = bad.group {
            let run = try sandbox.impt(group, "types")
            #expect(run.status == 1)
            #expect(run.stderr == skipped)
            #expect(run.stdout.hasSuffix("Error: Unknown argument: \(group)\nIMPT COMMAND FAILS\n"), "\(run)")
        }
        let sim = try Simulator()
        try sandbox.login(sim)
        #expect(try sandbox.impt("product", "create", "-n", "StillWorks").status == 0)
        let list = try sandbox.impt("product", "list", "-z", "minimal")
        #expect(list.status == 0, "\(list)")
        #expect(list.stderr == skipped)
        #expect(list.stdout.contains("  name: StillWorks\n"), "\(list)")
        // Only the first run ran the plugin's code, in an inspection process.
        #expect(try String(contentsOf: trace, encoding: .utf8) == "loaded\n")
        #expect(try sandbox.impt("plugins", "list").stdout.contains("  status: skipped: it \(reason)\n"))
    }

    @Test func everyNewFileIsInspectedInOneScan() throws {
        let sandbox = try Sandbox()
        for bad in BadPlugin.matrix where bad.group == "fixture" { try sandbox.compile(as: bad.file, flags: bad.flags) }
        try sandbox.compile(as: "libgood.so", flags: ["-DFIXTURE_GROUP=\"good\""])
        let run = try sandbox.impt("--help")
        let expected = BadPlugin.matrix.filter { $0.group == "fixture" }.sorted { $0.file < $1.file }.map {
            "impt: skipping plugin \(sandbox.plugins.appendingPathComponent($0.file).path): it \($0.reason)"
        }
        #expect(run.stderr.split(separator: "\n").map(String.init) == expected)
        #expect(run.stdout.contains("  impt good "))
        #expect(try sandbox.impt("good", "types", "-n", "5").stdout.contains("number:       5\n"))
    }

    @Test func pluginThatHangsWhileLoadingIsGivenUpOnce() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libhang.so", flags: ["-DFIXTURE_ENTRY_HANGS"])
        let skipped = "impt: skipping plugin \(sandbox.plugins.path)/libhang.so: it did not finish loading within 5 seconds\n"
        for _ in 1...2 {
            let run = try sandbox.impt("--help")
            #expect(run.status == 0)
            #expect(run.stderr == skipped)
        }
    }

    @Test func initRunsOnceBeforeTheFirstHandler() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libcounted.so", flags: ["-DFIXTURE_INIT_COUNTS"])
        _ = try sandbox.impt("--help")
        let run = try sandbox.impt("fixture", "fail")
        #expect(run.stdout == "init ran 1 time(s).\nAbout to fail.\nError: Fixture failure.\nIMPT COMMAND FAILS\n")
    }

    /// `init` is called again in the process that runs the command, and may refuse there.
    @Test func initThatRefusesWhenTheCommandRunsIsNamed() throws {
        let sandbox = try Sandbox()
        let library = try sandbox.compile(
            as: "libmoody.so", flags: ["-DFIXTURE_INIT_FAILS=\"the licence has expired\"", "-DFIXTURE_INIT_FAILS_ON_REQUEST"])
        #expect(try sandbox.impt("--help").stdout.contains("  impt fixture "))
        let run = try sandbox.impt(["fixture", "fail"], environment: ["FIXTURE_INIT_REFUSES": "1"])
        #expect(run.status == 1)
        #expect(run.stderr == "impt: skipping plugin \(library.path): it failed to initialise: the licence has expired\n")
        #expect(run.stdout.hasSuffix("Error: Unknown argument: fixture\nIMPT COMMAND FAILS\n"))
    }

    @Test func pluginsOfEveryMinorVersionLoadSideBySide() throws {
        let sandbox = try Sandbox()
        for minor in 0...3 {
            try sandbox.compile(as: "libabi1\(minor).so", flags: ["-DIMPT_TARGET_ABI_MINOR=\(minor)", "-DFIXTURE_GROUP=\"abi1\(minor)\""])
        }
        let help = try sandbox.impt("--help")
        #expect(help.stderr.isEmpty, "\(help)")
        for minor in 0...3 {
            #expect(help.stdout.contains("  impt abi1\(minor) "))
            let run = try sandbox.impt("abi1\(minor)", "types", "-n", "\(minor)", "-z", "minimal")
            #expect(run.status == 0)
            #expect(run.stdout.contains("number:       \(minor)\n"), "\(run)")
        }
        let list = try sandbox.impt("plugins", "list", "-z", "json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: [String: String]]])
        let versions = Dictionary(uniqueKeysWithValues: rows.compactMap { row in row["Plugin"].flatMap { p in p["group"].map { ($0, p["abi"] ?? "") } } })
        #expect(versions["abi10"] == "1.0" && versions["abi11"] == "1.1" && versions["abi12"] == "1.2" && versions["abi13"] == "1.3")
    }

    @Test func aCorruptCacheIsRebuilt() throws {
        let sandbox = try Sandbox(plugins: ["auth", "product"])
        try FileManager.default.createDirectory(at: sandbox.cache.deletingLastPathComponent(), withIntermediateDirectories: true)
        for garbage in ["{\"host\": ", "[1, 2, 3]", String(repeating: "\u{0}", count: 100)] {
            try Data(garbage.utf8).write(to: sandbox.cache)
            let run = try sandbox.impt("--help")
            #expect(run.status == 0 && run.stderr.isEmpty)
            #expect(run.stdout.contains("  impt product "))
            let index = try #require(try String(contentsOf: sandbox.cache, encoding: .utf8).split(separator: "\n").first)
            let rebuilt = try JSONSerialization.jsonObject(with: Data(index.utf8)) as? [String: Any]
            #expect((rebuilt?["plugins"] as? [Any])?.count == 2)
        }
        // Damaged declarations of one group: that file is inspected again when they are needed.
        var lines = try String(contentsOf: sandbox.cache, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 3 && lines[1].hasPrefix("{\"name\":\"auth\""))
        lines[1] = "{\"name\": 42}"
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: sandbox.cache)
        let help = try sandbox.impt("auth", "--help")
        #expect(help.status == 0 && help.stderr.isEmpty)
        #expect(help.lines[1] == "Usage: impt auth <command> [options]")
        #expect(try String(contentsOf: sandbox.cache, encoding: .utf8).split(separator: "\n")[1].hasPrefix("{\"name\":\"auth\""))
    }
}
