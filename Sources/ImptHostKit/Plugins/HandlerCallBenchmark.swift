#if canImport(Glibc)
import Glibc
#endif

/// Times the two handler forms for tools/bench/abi-call-bench.sh: one command of a plugin is
/// called many times in this process with the same parsed arguments, through libffi (positional
/// form) or directly with an arguments handle (ABI 1.3 form), whichever the command declares.
public enum HandlerCallBenchmark {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Nanoseconds per call over `count` calls of `impt <group> <command> <arguments>`.
    public static func nanosecondsPerCall(plugin path: String, command words: [String], count: Int) throws -> Double {
        let plugin: LoadedPlugin
        do throws(PluginRejection) {
            plugin = try PluginLoader.load(path: path, elf: nil, host: HostTable.host)
        } catch {
            throw Failure(description: "\(path) \(error.reason)")
        }
        let command: CommandSpec
        let parsed: ParsedArguments
        do throws(GroupDispatch.Stop) {
            (command, parsed) = try GroupDispatch.resolve(plugin.group, words)
        } catch {
            throw Failure(description: "the command line \(words) does not parse")
        }
        guard let handler = plugin.handler(for: command.name) else { throw Failure(description: "no handler") }
        let invocation = Invocation(console: Console(mode: .minimal, colors: false) { _ in })
        Invocation.current = invocation
        defer { Invocation.current = nil }
        var start = timespec()
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        for _ in 0..<count {
            guard (try? HandlerInvoker.call(handler, context: invocation.contextHandle, command: command, parsed: parsed)) == 0 else {
                throw Failure(description: "the handler failed")
            }
        }
        clock_gettime(CLOCK_MONOTONIC, &end)
        let elapsed = Double(end.tv_sec - start.tv_sec) * 1e9 + Double(end.tv_nsec - start.tv_nsec)
        return elapsed / Double(count)
    }
}
