// Calls one plugin command many times in one process and prints nanoseconds per call:
//   impt-abi-bench <plugin.so> <count> <group> <command> [options...]
// Used by tools/bench/abi-call-bench.sh to compare the positional (libffi) and the ABI 1.3 forms.
#if canImport(Glibc)
import Glibc
#endif
import ImptHostKit

/// Writes a line to standard error.
func complain(_ text: String) {
    let line = text + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 4, let count = Int(arguments[1]), count > 0 else {
    complain("usage: impt-abi-bench <plugin.so> <count> <group> <command> [options...]")
    exit(2)
}
do {
    let nanoseconds = try HandlerCallBenchmark.nanosecondsPerCall(
        plugin: arguments[0], command: Array(arguments.dropFirst(3)), count: count)
    print(nanoseconds)
} catch {
    complain("impt-abi-bench: \(error)")
    exit(1)
}
