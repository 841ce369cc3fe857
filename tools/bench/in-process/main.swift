// Times impt commands run in-process, as the in-process tests run them: the host library with
// the build's plugins, a console that collects the output, an environment and working directory
// of the run's own, against impcentral-sim served from this process.
//
//   impt-inprocess-bench RUNS COMMAND [ARGUMENT...]
//
// Logs in to a fresh demo simulator, runs COMMAND once to warm the plugin cache, then RUNS
// times; prints the median, the 90th percentile and the minimum in milliseconds, and fails if any
// run fails.
import Foundation
import ImpcentralSim
import ImptHostKit

let arguments = CommandLine.arguments
guard arguments.count >= 3, let runs = Int(arguments[1]), runs > 0 else {
    FileHandle.standardError.write(Data("usage: impt-inprocess-bench RUNS COMMAND [ARGUMENT...]\n".utf8))
    exit(2)
}
let command = Array(arguments.dropFirst(2))
let binDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path
let impt = binDirectory + "/impt"
let work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("impt-inprocess-bench-\(getpid())").path
for directory in ["home", "work", "sim", "plugins"] {
    try FileManager.default.createDirectory(atPath: work + "/" + directory, withIntermediateDirectories: true)
}
defer { try? FileManager.default.removeItem(atPath: work) }

var options = SimOptions()
options.dataDirectory = work + "/sim"
options.demo = true
let server = try SimServer(options: options)
let baseURL = try await server.start()

let environment = Environment([
    "HOME": work + "/home", "PATH": "/usr/local/bin:/usr/bin:/bin", "TERM": "dumb", "LANG": "C.UTF-8",
    "IMPT_PLUGIN_PATH": work + "/plugins", "IMPT_PLUGIN_CACHE": work + "/plugins.jsonl",
])

/// What a run wrote; only a failure message reads it.
final class Collected {
    var bytes: [UInt8] = []
}

/// One in-process run.
func runImpt(_ words: [String]) -> (status: Int32, output: String) {
    let output = Collected()
    let streams = StandardStreams(
        makeConsole: { Console(mode: .standard, colors: false, interactive: false) { output.bytes.append(contentsOf: $0) } },
        error: { output.bytes.append(contentsOf: $0) }, errorIsTerminal: false, input: open("/dev/null", O_RDONLY))
    let status = ImptMain(arguments: words, environment: environment, directory: work + "/work", streams: streams,
                          executable: impt, inspector: impt).run()
    close(streams.input)
    return (status, String(decoding: output.bytes, as: UTF8.self))
}

func check(_ result: (status: Int32, output: String), _ words: [String]) {
    guard result.status == 0 else {
        FileHandle.standardError.write(Data("impt \(words.joined(separator: " ")) failed (\(result.status)):\n\(result.output)".utf8))
        exit(1)
    }
}

let login = ["auth", "login", "--endpoint", baseURL, "--user", "demo", "--pwd", "demo-password"]
check(runImpt(login), ["auth", "login", "--endpoint", baseURL, "--user", "demo", "--pwd", "…"])
check(runImpt(command), command)
var milliseconds: [Double] = []
for _ in 0..<runs {
    let started = DispatchTime.now().uptimeNanoseconds
    let result = runImpt(command)
    milliseconds.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
    check(result, command)
}
await server.shutdown()
milliseconds.sort()
let median = milliseconds[milliseconds.count / 2]
let p90 = milliseconds[min(milliseconds.count - 1, milliseconds.count * 9 / 10)]
print(String(format: "impt %@: median %.2f ms, p90 %.2f ms, min %.2f ms (%d in-process runs)",
             command.joined(separator: " "), median, p90, milliseconds[0], runs))
