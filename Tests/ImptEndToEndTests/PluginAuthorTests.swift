import Foundation
import Testing

/// Plugins built the way authors outside this repository build them — a C plugin with the impt-dev
/// package's header and pkg-config file, the Swift example package against the SDK product, the
/// Rust example with Debian's Rust — and loaded by an installed impt on a machine without Swift.
@Suite(.ownThreads) struct PluginAuthorTests {
    /// An installation of impt and auth from the packages, logged in to the packaged simulator.
    final class Station {
        let root: PackageRoot
        let sim: Simulator

        init(extra: [String] = []) throws {
            root = try PackageRoot(["impt", "impt-auth", "impt-product", "impcentral-sim"] + extra)
            sim = try root.simulator()
            let login = try root.impt("auth", "login", "--endpoint", sim.baseURL, "--user", "demo", "--pwd", "demo-password", "-q")
            guard login.status == 0 else { throw ProcessError(description: "login failed: \(login)") }
        }

        /// The per-user plugin directory of the station's home.
        var userPlugins: URL { root.home.appendingPathComponent(".local/share/impt/plugins") }

        func install(_ library: URL, as name: String) throws {
            try FileManager.default.createDirectory(at: userPlugins, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: library, to: userPlugins.appendingPathComponent(name))
        }
    }

    @Test func aCPluginBuiltWithThePkgConfigFile() throws {
        let station = try Station(extra: ["impt-dev"])
        let environment = ["PKG_CONFIG_PATH": station.root.path("usr/share/pkgconfig"), "PATH": "/usr/bin:/bin"]
        let cflags = try runProgram("/usr/bin/env", ["pkg-config", "--cflags", "impt-plugin"], environment: environment)
        let flags = cflags.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        let includes = flags.filter { $0.hasPrefix("-I") }.map { URL(fileURLWithPath: String($0.dropFirst(2))).standardized.path }
        #expect(cflags.status == 0 && includes == [station.root.path("usr/include/impt")], "\(cflags)")
        let plugindir = try runProgram("/usr/bin/env", ["pkg-config", "--variable=plugindir", "impt-plugin"], environment: environment)
        let directory = plugindir.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(URL(fileURLWithPath: directory).standardized.path == station.root.path("usr/lib/impt/plugins"), "\(plugindir)")
        let version = try runProgram("/usr/bin/env", ["pkg-config", "--modversion", "impt-plugin"], environment: environment)
        #expect(version.stdout == Build.version + "\n")

        let source = station.root.path("usr/share/doc/impt-dev/examples/example_plugin.c")
        let compiled = try runProgram("/usr/bin/env", ["cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC",
                                                       "-fvisibility=hidden"] + flags
                                      + [source, "-o", "\(directory)/libimpt-example.so", "-lm"], environment: environment)
        #expect(compiled.status == 0, "\(compiled)")
        let echo = try station.root.impt("example", "echo", "--text", "hi", "-g", "a", "-z", "json")
        #expect(((echo.json as? [String: [String: Any]])?["Echo"]?["text"]) as? String == "hi", "\(echo)")
        let whoami = try station.root.impt("example", "whoami", "-z", "json")
        #expect(((whoami.json as? [String: [String: Any]])?["Account"]?["username"]) as? String == "demo", "\(whoami)")
    }

    /// tools/examples/swift-plugin: its own package, depending on this one's SDK product by path,
    /// built by tools/build-swift-example.sh (tools/test.sh runs it before the tests).
    @Test func theSwiftExampleBuiltOutOfTree() throws {
        let library = Build.packageRoot.appendingPathComponent(".build-swift-example/release/libimpt-swift-example.so")
        let howToBuild = "run tools/build-swift-example.sh first (tools/test.sh does)"
        let built = try #require(Self.modified(library.path), "the Swift example is not built: \(howToBuild)")
        let sources = ["tools/examples/swift-plugin", "Sources/ImptPluginKit", "Sources/ImptPluginAPI"]
            .map { Build.packageRoot.appendingPathComponent($0).path }
        let newer = sources.flatMap { Self.files(under: $0) }.filter { (Self.modified($0) ?? 0) > built }
        try #require(newer.isEmpty, "the Swift example's build is older than \(newer.prefix(3)): \(howToBuild)")
        let exports = try runProgram("/usr/bin/env", ["nm", "-D", "--defined-only", "--extern-only", library.path], environment: ["PATH": "/usr/bin:/bin"])
        #expect(exports.stdout.split(separator: "\n").map { $0.split(separator: " ").last.map(String.init) ?? "" } == ["impt_plugin_entry"],
                "\(exports)")

        let station = try Station()
        try station.install(library, as: "libimpt-swift-example.so")
        let tally = try station.root.impt("swift-example", "tally", "-w", "b", "-w", "a", "-w", "A", "-w", "a", "-w", "b", "-i",
                                          "--top", "1", "--title", "Words")
        #expect(tally.stdout == "Words are counted successfully.\nTally: \n  title:    Words\n  distinct: 2\n  top: \n    a: 3\n"
            + "IMPT COMMAND SUCCEEDS\n", "\(tally)")
        let usage = try station.root.impt("swift-example", "tally", "--help")
        #expect(usage.lines[1] == "Usage: impt swift-example tally --word <word> [--ignore-case] [--top <count>] [--title <text>] "
            + "[--output <mode>] [--help]", "\(usage)")
        let missing = try station.root.impt("swift-example", "tally")
        #expect(missing.status == 1 && missing.stdout.contains("Error: Missing required argument: word"), "\(missing)")

        _ = try station.root.impt("product", "create", "-n", "Garden Sensors")
        _ = try station.root.impt("product", "create", "-n", "Kitchen")
        let products = try station.root.impt("swift-example", "products", "--contains", "SENSOR", "-z", "json")
        let names = (products.json as? [[String: [String: Any]]])?.compactMap { $0["Product"]?["name"] as? String }
        #expect(names == ["Garden Sensors"], "\(products)")
        let list = try station.root.impt("plugins", "list")
        #expect(list.stdout.contains("  language: Swift (Swift 6."), "\(list)")
    }

    /// tools/examples/rust-plugin, with the standard library only, built offline with Debian's Rust
    /// when it is installed (tools/setup.sh installs it), else with the cargo on PATH.
    @Test func theRustExampleBuiltOffline() throws {
        let package = Build.packageRoot.appendingPathComponent("tools/examples/rust-plugin")
        let target = Build.packageRoot.appendingPathComponent(".build-rust-example")
        var environment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "CARGO_TARGET_DIR": target.path]
        var cargo = "/usr/bin/cargo"
        if FileManager.default.isExecutableFile(atPath: cargo) && FileManager.default.isExecutableFile(atPath: "/usr/bin/rustc") {
            environment["RUSTC"] = "/usr/bin/rustc"
        } else {
            let found = ProcessInfo.processInfo.environment["PATH"].flatMap { path in
                path.split(separator: ":").map { "\($0)/cargo" }.first { FileManager.default.isExecutableFile(atPath: $0) }
            }
            cargo = try #require(found, "cargo is needed: tools/setup.sh installs Debian's cargo")
            environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        }
        let built = try runProgram(cargo, ["build", "--release", "--offline", "--manifest-path", package.appendingPathComponent("Cargo.toml").path],
                                   environment: environment, timeout: 600)
        #expect(built.status == 0, "cargo build failed: \(built)")
        let library = target.appendingPathComponent("release/libimpt_rust_example.so")

        let station = try Station()
        try station.install(library, as: "libimpt-rust-example.so")
        let greet = try station.root.impt("rust-example", "greet", "-n", "Ada", "--name", "Grace", "--shout")
        #expect(greet.stdout == "Greetings are made successfully.\nGreeting: \n  greetings: HELLO, ADA!, HELLO, GRACE!\n"
            + "  count:     2\n  command:   greet\nIMPT COMMAND SUCCEEDS\n", "\(greet)")
        let blank = try station.root.impt("rust-example", "greet", "-n", " ")
        #expect(blank.status == 1 && blank.stdout == "Error: A name must not be blank.\nIMPT COMMAND FAILS\n", "\(blank)")
        let whoami = try station.root.impt("rust-example", "whoami", "-z", "json")
        #expect(((whoami.json as? [String: [String: Any]])?["Account"]?["username"]) as? String == "demo", "\(whoami)")
        let list = try station.root.impt("plugins", "list")
        #expect(list.stdout.contains("  language: Rust (rustc 1."), "\(list)")
        if environment["RUSTC"] != nil { #expect(list.stdout.contains("  language: Rust (rustc 1.63."), "Debian 12's Rust: \(list)") }
    }

    /// A file's modification time, or nil when it does not exist.
    static func modified(_ path: String) -> Double? {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date)?.timeIntervalSince1970
    }

    /// Every regular file below `directory`.
    static func files(under directory: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory)
        var found: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            guard !relative.hasPrefix(".build"), !relative.hasSuffix("Package.resolved") else { continue }
            let path = directory + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue { found.append(path) }
        }
        return found
    }
}
