#if canImport(Glibc)
import Glibc
#endif

/// Where one run of impt reads and writes: the process's standard streams, or buffers a test (or
/// any program embedding impt) supplies. Standard output goes through the run's `Console`;
/// standard error carries warnings (skipped plugins, rate-limit waits, unanswered questions);
/// answers to questions are read from `input`, a file descriptor.
public struct StandardStreams {
    /// Creates the console of the run.
    public var makeConsole: () -> Console
    /// Receives what impt writes on standard error.
    public var error: ([UInt8]) -> Void
    /// Whether standard error is a terminal (some notices are shown only there).
    public var errorIsTerminal: Bool
    /// Where answers to questions come from.
    public var input: Int32

    public init(makeConsole: @escaping () -> Console, error: @escaping ([UInt8]) -> Void, errorIsTerminal: Bool, input: Int32) {
        self.makeConsole = makeConsole
        self.error = error
        self.errorIsTerminal = errorIsTerminal
        self.input = input
    }

    /// The process's own standard input, output and error.
    public static var process: StandardStreams {
        StandardStreams(
            makeConsole: { Console() }, error: { bytes in Console.writeAll(2, bytes) }, errorIsTerminal: isatty(2) == 1,
            input: 0)
    }

    /// The streams of the run in progress (runs are one at a time in a process).
    nonisolated(unsafe) static var current = StandardStreams.process

    /// Writes a line on standard error.
    static func warn(_ line: String) {
        warnText(line + "\n")
    }

    /// Writes text as it is on standard error.
    static func warnText(_ text: String) {
        current.error(Array(text.utf8))
    }
}
