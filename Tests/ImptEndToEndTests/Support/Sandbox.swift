import Foundation

/// A private world for one test: home directory, working directory, plugin directory and plugin
/// cache, and an environment that inherits nothing impt reads.
final class Sandbox {
    let root: URL
    let home: URL
    let work: URL
    let plugins: URL
    let cache: URL
    var extraEnvironment: [String: String] = [:]

    init(plugins groups: [String] = Build.corePlugins) throws {
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("impt-test-\(UUID().uuidString)")
        home = root.appendingPathComponent("home")
        work = root.appendingPathComponent("work")
        plugins = root.appendingPathComponent("plugins")
        cache = root.appendingPathComponent("cache/plugins.json")
        for directory in [home, work, plugins] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        for group in groups { try install(Build.plugin(group)) }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// Places a plugin library in the plugin directory (as a symbolic link).
    func install(_ path: String, as name: String? = nil) throws {
        let target = plugins.appendingPathComponent(name ?? URL(fileURLWithPath: path).lastPathComponent)
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
        try runProgram(Build.impt, arguments, environment: environment.merging(overrides) { $1 }, stdin: stdin,
                       directory: directory ?? work)
    }

    @discardableResult
    func impt(_ arguments: String...) throws -> Run {
        try impt(arguments)
    }

    func file(_ name: String, in directory: URL? = nil) -> URL {
        (directory ?? work).appendingPathComponent(name)
    }
}
