import Foundation

/// A private world for one test: its own impt installation, home directory, working directory,
/// plugin directory (`IMPT_PLUGIN_PATH`) and plugin cache, and an environment that inherits
/// nothing impt reads.
///
/// The installation is laid out as `tools/stage.sh` does: `<root>/bin/impt`, a hard link to (or a
/// copy of) the built impt, and the core plugins in `<root>/lib/impt/plugins`. impt also loads the
/// `libimpt-*.so` files beside itself, and the build folder holds every core plugin, so running the
/// built impt directly would not let a test choose its plugins.
final class Sandbox {
    let root: URL
    /// The impt the sandbox runs (`<root>/bin/impt`).
    let executable: String
    let home: URL
    let work: URL
    /// `IMPT_PLUGIN_PATH`: where tests put third-party plugins.
    let plugins: URL
    /// The plugin directory of the installation, holding the core plugins.
    let installed: URL
    let cache: URL
    var extraEnvironment: [String: String] = [:]
    /// Whether `impt(...)` runs commands in the test process instead of starting impt.
    let inProcess: Bool

    /// - Parameter inProcess: run commands in the test process (`InProcessImpt`): for command
    ///   logic, options and errors. Keep processes for what only a process shows: signals,
    ///   terminals, crashes, the environment as the C libraries read it.
    init(plugins groups: [String] = Build.corePlugins, inProcess: Bool = InProcessImpt.isDefault) throws {
        self.inProcess = inProcess
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("impt-test-\(UUID().uuidString)")
        home = root.appendingPathComponent("home")
        work = root.appendingPathComponent("work")
        plugins = root.appendingPathComponent("plugins")
        installed = root.appendingPathComponent("lib/impt/plugins")
        cache = root.appendingPathComponent("cache/plugins.jsonl")
        let bin = root.appendingPathComponent("bin")
        for directory in [home, work, plugins, installed, bin] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        executable = bin.appendingPathComponent("impt").path
        if link(Build.impt, executable) != 0 {
            try FileManager.default.copyItem(atPath: Build.impt, toPath: executable)
        }
        for group in groups { try install(Build.plugin(group)) }
        if groups == Build.corePlugins, let template = Self.coreCacheTemplate {
            // What inspecting the core plugins found, as this sandbox's own cache: a new sandbox
            // does not start a child process to inspect the same ten files again.
            try FileManager.default.createDirectory(at: cache.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(template.replacingOccurrences(of: Self.templateMarker, with: root.path).utf8).write(to: cache)
        }
    }

    private static let templateMarker = "\u{1}SANDBOX\u{1}"

    /// The plugin cache of a sandbox with every core plugin, its root path replaced by a marker;
    /// nil when it could not be made (each sandbox then inspects its plugins itself).
    private static let coreCacheTemplate: String? = {
        guard let sandbox = try? Sandbox(plugins: [], inProcess: false) else { return nil }
        for group in Build.corePlugins { try? sandbox.install(Build.plugin(group)) }
        guard let run = try? sandbox.impt("--help"), run.status == 0,
            let text = try? String(contentsOf: sandbox.cache, encoding: .utf8), text.contains(sandbox.root.path + "/")
        else { return nil }
        return text.replacingOccurrences(of: sandbox.root.path, with: templateMarker)
    }()

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// Installs a plugin library beside impt (as a symbolic link).
    func install(_ path: String, as name: String? = nil) throws {
        let target = installed.appendingPathComponent(name ?? URL(fileURLWithPath: path).lastPathComponent)
        try FileManager.default.createSymbolicLink(atPath: target.path, withDestinationPath: path)
    }

    /// Compiles the fixture plugin (or another C source) into the plugin directory.
    @discardableResult
    func compile(_ source: URL = Build.fixtures.appendingPathComponent("fixture_plugin.c"), as name: String,
                 flags: [String] = []) throws -> URL {
        let output = plugins.appendingPathComponent(name)
        try compilePlugin(source, to: output, flags: flags)
        return output
    }

    var environment: [String: String] {
        var environment = [
            "HOME": home.path, "PATH": "/usr/local/bin:/usr/bin:/bin", "TERM": "dumb", "LANG": "C.UTF-8",
            "IMPT_PLUGIN_PATH": plugins.path, "IMPT_PLUGIN_CACHE": cache.path,
        ]
        environment.merge(extraEnvironment) { $1 }
        return environment
    }

    @discardableResult
    func impt(_ arguments: [String], stdin: String? = nil, in directory: URL? = nil,
              environment overrides: [String: String] = [:]) throws -> Run {
        let environment = environment.merging(overrides) { $1 }
        InvocationLog.record(arguments)
        if inProcess {
            return InProcessImpt.run(
                arguments, executable: executable, environment: environment, directory: (directory ?? work).path, stdin: stdin)
        }
        return try runProgram(executable, arguments, environment: environment, stdin: stdin, directory: directory ?? work)
    }

    @discardableResult
    func impt(_ arguments: String...) throws -> Run {
        try impt(arguments)
    }

    func file(_ name: String, in directory: URL? = nil) -> URL {
        (directory ?? work).appendingPathComponent(name)
    }
}
