import Foundation
import ImptHostKit

/// Where the build put the binaries, and where the sources are.
enum Build {
    /// The directory of the test bundle, which is the build's products directory.
    static let binDirectory: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var impt: String { binDirectory.appendingPathComponent("impt").path }
    static var simulator: String { binDirectory.appendingPathComponent("impcentral-sim").path }
    static var headerDirectory: String { packageRoot.appendingPathComponent("Sources/ImptPluginAPI/include").path }
    static var fixtures: URL { packageRoot.appendingPathComponent("Tests/Fixtures") }

    /// A built core plugin, e.g. `plugin("auth")` for libimpt-auth.so.
    static func plugin(_ group: String) -> String {
        binDirectory.appendingPathComponent("libimpt-\(group).so").path
    }

    /// The core groups: the host's own list, which Package.swift must build a plugin for each of
    /// (CoreGroupListTests compares the two).
    static var corePlugins: [String] { CoreGroups.names }

    /// impt's version, read from the one place it is set.
    static let version: String = {
        let header = packageRoot.appendingPathComponent("Sources/CImptVersion/include/impt_version.h")
        let text = (try? String(contentsOf: header, encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("#define IMPT_VERSION \"") }) else {
            preconditionFailure("IMPT_VERSION is not defined in \(header.path)")
        }
        return String(line.dropFirst("#define IMPT_VERSION \"".count).dropLast())
    }()

    /// The directory of the Swift runtime libraries of the toolchain in use: where the
    /// libswiftCore.so this test process loaded lives (for linking test plugins against it).
    static let swiftRuntimeDirectory: String = {
        // /proc files report size 0: read to the end instead of by size.
        let data = FileHandle(forReadingAtPath: "/proc/self/maps")?.readDataToEndOfFile() ?? Data()
        let maps = String(decoding: data, as: UTF8.self)
        for line in maps.split(separator: "\n") {
            guard let start = line.firstIndex(of: "/"), line.hasSuffix("/libswiftCore.so") else { continue }
            return URL(fileURLWithPath: String(line[start...])).deletingLastPathComponent().path
        }
        preconditionFailure("libswiftCore.so is not loaded in the test process")
    }()
}

/// The outcome of running a program.
struct Run: CustomStringConvertible {
    var stdout: String
    var stderr: String
    var status: Int32

    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLastEmpty() }
    var description: String { "status \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

extension Array where Element == String {
    func dropLastEmpty() -> [String] {
        var copy = self
        if copy.last == "" { copy.removeLast() }
        return copy
    }
}

struct ProcessError: Error, CustomStringConvertible {
    let description: String
}

/// Runs a program to completion with the given environment, input and working directory.
func runProgram(_ path: String, _ arguments: [String], environment: [String: String], stdin: String? = nil,
                directory: URL? = nil, timeout: TimeInterval = 60) throws -> Run {
    if path == Build.impt { InvocationLog.record(arguments) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.environment = environment
    // Always a directory of its own: in-process runs move the test process into theirs.
    process.currentDirectoryURL = directory ?? Build.packageRoot
    let output = Pipe(), errors = Pipe(), input = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    // Read both pipes concurrently so neither fills up.
    let collected = Collected()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        collected.stdout = output.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
        collected.stderr = errors.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    if group.wait(timeout: .now() + timeout) == .timedOut {
        process.terminate()
        throw ProcessError(description: "\(path) \(arguments) did not finish within \(timeout) s")
    }
    process.waitUntilExit()
    return Run(stdout: String(decoding: collected.stdout, as: UTF8.self), stderr: String(decoding: collected.stderr, as: UTF8.self),
               status: process.terminationStatus)
}

/// Compiles a plugin with the system C compiler against the ABI header alone.
/// Compiles a C plugin against the ABI header in `headers` (the current one by default).
func compilePlugin(_ source: URL, to output: URL, flags: [String] = [], headers: String = Build.headerDirectory) throws {
    try compileC(source, to: output,
                 flags: ["-shared", "-fPIC", "-fvisibility=hidden", "-I\(headers)"] + flags, libraries: ["-lm"])
}

/// Compiles C11 source with the system C compiler, warnings as errors.
func compileC(_ source: URL, to output: URL, flags: [String] = [], libraries: [String] = []) throws {
    let run = try runProgram(
        "/usr/bin/env",
        ["cc", "-std=c11", "-Wall", "-Wextra", "-Werror"] + flags + [source.path, "-o", output.path] + libraries,
        environment: ["PATH": "/usr/local/bin:/usr/bin:/bin"])
    guard run.status == 0 else { throw ProcessError(description: "cc failed: \(run)") }
}

/// Output gathered by reader threads; each field is written by one thread and read after both finish.
private final class Collected: @unchecked Sendable {
    var stdout = Data()
    var stderr = Data()
}
