import Foundation
import Synchronization

/// The packages `tools/package.sh` made: `dist/` of the repository, or the directory `IMPT_DIST`
/// names. A missing package fails the test with the command that makes it.
enum Dist {
    static var directory: URL {
        if let explicit = ProcessInfo.processInfo.environment["IMPT_DIST"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        return Build.packageRoot.appendingPathComponent("dist")
    }

    /// `NAME_VERSION_ARCH.deb` of this version.
    static func deb(_ name: String) throws -> URL {
        try file { $0.hasPrefix("\(name)_\(Build.version)_") && $0.hasSuffix(".deb") }
    }

    /// `impt-VERSION-linux-MACHINE.tar.gz`.
    static func tarball() throws -> URL {
        try file { $0.hasPrefix("impt-\(Build.version)-linux-") && $0.hasSuffix(".tar.gz") }
    }

    private static func file(_ matches: (String) -> Bool) throws -> URL {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        guard let name = names.sorted().first(where: matches) else {
            throw ProcessError(description: "a package of impt \(Build.version) is missing in \(directory.path): "
                + "make the packages with tools/package.sh (tools/test.sh does it before the tests)")
        }
        return directory.appendingPathComponent(name)
    }
}

/// Runs programs in a mount namespace where the Swift toolchain's runtime library directories are
/// empty, with an empty LD_LIBRARY_PATH: as on a machine without Swift.
enum WithoutToolchain {
    /// The runtime directories `swift -print-target-info` names, and the one this test process
    /// loaded libswiftCore.so from.
    static let runtimeDirectories: [String] = {
        var directories = [Build.swiftRuntimeDirectory]
        if let run = try? runProgram("/usr/bin/env", ["swift", "-print-target-info"], environment: ProcessInfo.processInfo.environment),
            run.status == 0, let info = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
            let paths = (info["paths"] as? [String: Any])?["runtimeLibraryPaths"] as? [String]
        {
            directories += paths
        }
        var unique: [String] = []
        for directory in directories where !unique.contains(directory) { unique.append(directory) }
        return unique
    }()

    static let emptyDirectory: URL = {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("impt-empty-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// A program and arguments that exec the program given after them inside such a namespace.
    static var launcher: [String] {
        let script = "e=$1; n=$2; shift 2; while [ \"$n\" -gt 0 ]; do mount --bind \"$e\" \"$1\" || exit 125; shift; "
            + "n=$((n - 1)); done; exec \"$@\""
        return ["/usr/bin/unshare", "-m", "--", "/bin/sh", "-c", script, "sh", emptyDirectory.path, String(runtimeDirectories.count)]
            + runtimeDirectories
    }

    static func run(_ program: String, _ arguments: [String], environment: [String: String], stdin: String? = nil,
                    directory: URL? = nil) throws -> Run {
        var environment = environment
        environment["LD_LIBRARY_PATH"] = ""
        let launcher = self.launcher
        return try runProgram(launcher[0], Array(launcher.dropFirst()) + [program] + arguments, environment: environment,
                              stdin: stdin, directory: directory)
    }
}

/// A directory that packages are extracted into (`dpkg-deb -x`), with a home directory, whose
/// programs run without the toolchain.
final class PackageRoot {
    let root: URL
    let home: URL
    let work: URL

    init(_ packages: [String] = []) throws {
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("impt-root-\(UUID().uuidString)")
        home = root.appendingPathComponent("home/user")
        work = root.appendingPathComponent("home/user/work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try extract(packages)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// Puts the files of `packages` into the root, as `dpkg-deb -x` does (each package is
    /// extracted once per test run and copied from there).
    func extract(_ packages: [String]) throws {
        for package in packages {
            let tree = try ExtractedPackages.tree(package)
            let run = try runProgram("/bin/cp", ["-a", tree.path + "/.", root.path], environment: [:])
            guard run.status == 0 else { throw ProcessError(description: "copying \(package) failed: \(run)") }
        }
    }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    var environment: [String: String] {
        ["HOME": home.path, "PATH": "/usr/bin:/bin", "TERM": "dumb", "LANG": "C.UTF-8"]
    }

    /// Runs `<root>/usr/bin/impt` without the toolchain.
    @discardableResult
    func impt(_ arguments: String..., environment extra: [String: String] = [:]) throws -> Run {
        try WithoutToolchain.run(path("usr/bin/impt"), arguments, environment: environment.merging(extra) { $1 }, directory: work)
    }

    /// Starts `<root>/usr/bin/impcentral-sim` without the toolchain.
    func simulator() throws -> Simulator {
        try Simulator(executable: path("usr/bin/impcentral-sim"), launcher: WithoutToolchain.launcher)
    }
}

/// Each package extracted once per test process with `dpkg-deb -x` (decompressing is most of
/// what an installation test spends); roots copy from there. Removed when the process exits.
enum ExtractedPackages {
    private static let directory = URL(fileURLWithPath: NSTemporaryDirectory())
        .appendingPathComponent("impt-extracted-\(getpid())")
    private static let trees = Mutex<[String: URL]>([:])

    static func tree(_ package: String) throws -> URL {
        try trees.withLock { trees in
            if let tree = trees[package] { return tree }
            if trees.isEmpty { atexit { ExtractedPackages.removeAll() } }
            let tree = directory.appendingPathComponent(package)
            try? FileManager.default.removeItem(at: tree)
            try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
            let run = try runProgram("/usr/bin/dpkg-deb", ["-x", try Dist.deb(package).path, tree.path], environment: [:])
            guard run.status == 0 else { throw ProcessError(description: "dpkg-deb -x \(package) failed: \(run)") }
            trees[package] = tree
            return tree
        }
    }

    private static func removeAll() {
        try? FileManager.default.removeItem(at: directory)
    }
}
