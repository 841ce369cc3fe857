import Foundation
import Testing

/// Bad plugin files are skipped with one line on standard error, and everything else keeps working.
@Suite struct PluginLoadingTests {
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
        try expectSkipped(sandbox, "libminor.so", "is built for plugin ABI 1.9, newer than this impt's 1.2; update impt")
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
        try sandbox.compile(as: "libzz-product.so", flags: ["-DFIXTURE_GROUP=\"product\""])
        let run = try expectOthersStillWork(sandbox)
        #expect(run.stderr.contains("libzz-product.so: it declares group \"product\", which"))
    }

    @Test func hostCommandsCannotBeShadowed() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libplugins.so", flags: ["-DFIXTURE_GROUP=\"plugins\""])
        try expectSkipped(sandbox, "libplugins.so", "declares group \"plugins\", which is reserved for impt itself")
        #expect(try sandbox.impt("plugins", "list").status == 0)
    }

    @Test func swiftPluginFromAnotherToolchain() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(
            as: "libforeign.so",
            flags: ["-DFIXTURE_SWIFT_TOOLCHAIN=\"clang version 1.2.3 (a different Swift toolchain)\"",
                    "-Wl,--no-as-needed", "-L\(Build.swiftRuntimeDirectory)", "-lswiftCore"])
        try expectSkipped(sandbox, "libforeign.so", "is a Swift plugin built with another Swift toolchain (clang version 1.2.3 (a different Swift toolchain))")
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
        let library = try sandbox.compile(as: "libfixture.so")
        #expect(try sandbox.impt("--help").stdout.contains("  impt fixture "))
        // Replace the library with garbage of the same size and time: a cached entry is trusted.
        let reference = sandbox.root.appendingPathComponent("timestamp")
        let touch = { (arguments: [String]) throws in
            _ = try runProgram("/usr/bin/touch", arguments, environment: [:])
        }
        try touch(["-r", library.path, reference.path])
        let size = (try FileManager.default.attributesOfItem(atPath: library.path)[.size] as? NSNumber)?.intValue ?? 0
        try Data(repeating: 0x41, count: size).write(to: library)
        try touch(["-r", reference.path, library.path])
        let cached = try sandbox.impt("--help")
        #expect(cached.stdout.contains("  impt fixture "), "\(cached)")
        #expect(cached.stderr.isEmpty)
        // A changed modification time makes impt look at the file again.
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: library.path)
        let rescanned = try sandbox.impt("--help")
        #expect(!rescanned.stdout.contains("  impt fixture "))
        #expect(rescanned.stderr.contains("libfixture.so: it is not an ELF shared library"))
    }

    @Test func pluginsInstalledBesideTheExecutable() throws {
        let sandbox = try Sandbox(plugins: [])
        let prefix = sandbox.root.appendingPathComponent("prefix")
        let plugins = prefix.appendingPathComponent("lib/impt/plugins")
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        let impt = prefix.appendingPathComponent("bin/impt")
        try FileManager.default.copyItem(atPath: Build.impt, toPath: impt.path)
        try FileManager.default.createSymbolicLink(atPath: plugins.appendingPathComponent("libimpt-product.so").path,
                                                   withDestinationPath: Build.plugin("product"))
        var environment = sandbox.environment
        environment["IMPT_PLUGIN_PATH"] = nil
        let run = try runProgram(impt.path, ["--help"], environment: environment, directory: sandbox.work)
        #expect(run.stdout.contains("  impt product  Product manipulation commands.\n"), "\(run)")
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
}
