#if canImport(Glibc)
import Glibc
#endif
import CImptSystem
import ImptPluginAPI

/// Opens new or changed plugin files in child processes (impt started again in inspection mode),
/// so that a library whose constructor, entry function or `init` callback crashes, exits or hangs
/// costs one child process instead of the impt run; the parent only reads the report.
enum PluginInspector {
    /// First argument that starts impt in inspection mode: `impt __inspect-plugin <path>`. It is
    /// not a valid group name, so no plugin can take it.
    static let mode = "__inspect-plugin"
    /// How long one inspection may take.
    static let timeoutSeconds = 5
    /// How many files are inspected at the same time.
    static let parallel = 8
    /// Largest report accepted from a child.
    static let reportLimit = 4 << 20

    /// The outcome of inspecting one file: its declarations or why it cannot be used, and whether
    /// that outcome belongs to the file (and is cached) or to this run (a child that did not start).
    struct Outcome {
        var result: PluginEntry.Outcome
        var cacheable: Bool
    }

    /// Inspects files that passed the ELF checks, each in its own child process.
    static func inspect(_ files: [(path: String, elf: ELFSummary)], executable: String) -> [Outcome] {
        guard !files.isEmpty else { return [] }
        var results = [impt_child_result](repeating: impt_child_result(), count: files.count)
        let paths = files.map { strdup($0.path) }
        defer { paths.forEach { free($0) } }
        paths.map { UnsafePointer($0) }.withUnsafeBufferPointer { subjects in
            results.withUnsafeMutableBufferPointer { out in
                impt_run_reporters(
                    executable, "impt", mode, subjects.baseAddress, files.count, parallel, Int32(timeoutSeconds * 1000),
                    reportLimit, out.baseAddress)
            }
        }
        return zip(files, results).map { file, result in
            defer { free(result.report) }
            let report = result.report.map { Array(UnsafeBufferPointer(start: $0, count: result.report_length)) } ?? []
            return outcome(result, report: report, elf: file.elf)
        }
    }

    private static func outcome(_ child: impt_child_result, report: [UInt8], elf: ELFSummary) -> Outcome {
        switch Int(child.state) {
        case Int(IMPT_CHILD_EXITED):
            if child.code == 0, let document = try? JSONParser.parse(bytes: report) {
                if let reason = document["rejected"]?.stringValue { return Outcome(result: .rejected(reason), cacheable: true) }
                if let plugin = document["plugin"],
                    let info = PluginDeclarations.decodeReport(
                        plugin, language: elf.isSwift ? "Swift" : "C", toolchain: elf.isSwift ? PluginLoader.hostToolchain : nil)
                {
                    return Outcome(result: .ready(info), cacheable: true)
                }
            }
            return Outcome(result: .rejected("exited while loading (status \(child.code))"), cacheable: true)
        case Int(IMPT_CHILD_SIGNALED):
            let name = impt_signal_abbreviation(child.code).map { ", SIG" + String(cString: $0) } ?? ""
            return Outcome(result: .rejected("crashed while loading (signal \(child.code)\(name))"), cacheable: true)
        case Int(IMPT_CHILD_TIMED_OUT):
            return Outcome(result: .rejected("did not finish loading within \(timeoutSeconds) seconds"), cacheable: true)
        case Int(IMPT_CHILD_TOO_LARGE):
            return Outcome(result: .rejected("declares more than \(reportLimit >> 20) MiB of commands and options"), cacheable: true)
        default:
            let reason = String(cString: strerror(child.code))
            return Outcome(result: .rejected("cannot be inspected (impt cannot start a process: \(reason))"), cacheable: false)
        }
    }

    /// The child's side: opens the plugin, checks it, calls its `init` callback and writes the
    /// report on fd 3. The parent judges the exit status; the report alone says nothing about it.
    static func runChild(arguments: [String], host: UnsafePointer<impt_host>) -> Int32 {
        guard arguments.count == 1, let path = arguments.first else { return 2 }
        impt_disable_core_dumps()
        let report: JSON
        do throws(PluginRejection) {
            let plugin = try PluginLoader.load(path: path, elf: nil, host: host)
            report = .object(JSONObject([("plugin", PluginDeclarations.report(plugin))]))
        } catch {
            report = .object(JSONObject([("rejected", .string(error.reason))]))
        }
        let bytes = Array(JSONWriter.write(report, pretty: false).utf8)
        return bytes.withUnsafeBufferPointer { impt_write_report($0.baseAddress, $0.count) } ? 0 : 1
    }
}
