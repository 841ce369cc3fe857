#if canImport(Glibc)
import Glibc
#endif
import CImptSystem
import ImptPluginAPI

/// Everything impt prints goes through here: results, informational lines, errors, prompts and the
/// status line, all on standard output as the original does. Output is buffered and flushed before
/// the process waits for anything (input, the network) and at exit.
public final class Console {
    public static let succeeds = "IMPT COMMAND SUCCEEDS"
    public static let fails = "IMPT COMMAND FAILS"

    public var mode: OutputMode
    public let colors: Bool
    /// Whether output goes to a terminal (the spinner is drawn only there); asked only when a
    /// request is about to wait, so commands without one never make the call.
    public private(set) lazy var interactive: Bool = isTerminal()
    private let isTerminal: () -> Bool
    /// Whether a result was printed (json mode prints `{}` for commands without one).
    public private(set) var printedResult = false
    private var buffer: [UInt8] = []
    private let sink: ([UInt8]) -> Void

    /// The progress line of long commands (drawn at a terminal in the default mode only).
    public private(set) lazy var progress = ProgressLine(console: self)

    /// A console writing to a file descriptor (standard output by default). What a plugin wrote
    /// with the C library's `printf` and left in its buffer is flushed before each write, so it
    /// can never land after output the host writes later (such as the status line).
    public convenience init(mode: OutputMode = .standard, colors: Bool? = nil, fd: Int32 = 1) {
        self.init(mode: mode, colors: colors ?? Console.colorsWanted(fd: fd), isTerminal: { isatty(fd) == 1 }) { bytes in
            impt_flush_c_stdout()
            Console.writeAll(fd, bytes)
        }
    }

    /// A console handing its output to `sink` (used by tests).
    public convenience init(mode: OutputMode, colors: Bool, interactive: Bool = false, sink: @escaping ([UInt8]) -> Void) {
        self.init(mode: mode, colors: colors, isTerminal: { interactive }, sink: sink)
    }

    private init(mode: OutputMode, colors: Bool, isTerminal: @escaping () -> Bool, sink: @escaping ([UInt8]) -> Void) {
        self.mode = mode
        self.colors = colors
        self.isTerminal = isTerminal
        self.sink = sink
        buffer.reserveCapacity(8192)
    }

    /// Colours for keys only when writing to a terminal that supports them (the original also
    /// coloured piped output; this impt keeps pipes clean). `FORCE_COLOR` forces them,
    /// `NO_COLOR` or `TERM=dumb` turns them off.
    static func colorsWanted(fd: Int32) -> Bool {
        let environment = Environment.current
        if let force = environment["FORCE_COLOR"] { return force != "0" && force != "false" }
        if environment["NO_COLOR"] != nil { return false }
        guard let term = environment["TERM"], term != "dumb", !term.isEmpty else { return false }
        return isatty(fd) == 1
    }

    var renderer: TreeRenderer {
        TreeRenderer(colors: colors && mode != .minimal && mode != .json, minimal: mode == .minimal)
    }

    // MARK: Writing

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count > 65536 { flush() }
    }

    public func line(_ text: String) {
        write(text)
        write("\n")
    }

    /// Whether to animate waits: only in the default mode at a terminal, as the original.
    public var showsProgress: Bool { mode == .standard && interactive }

    /// Writes `text` at once, after anything buffered (for terminal control like the spinner).
    public func writeNow(_ text: String) {
        flush()
        sink(Array(text.utf8))
    }

    /// Writes everything buffered, erasing the progress line first.
    public func flush() {
        guard !buffer.isEmpty else { return }
        progress.clear()
        sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes terminal control at once, ahead of anything buffered (the progress line's erase).
    func writeControl(_ text: String) {
        sink(Array(text.utf8))
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    break  // the reader is gone (closed pipe); nothing more can be shown
                }
                offset += written
            }
        }
    }

    // MARK: Levels

    /// An informational line: shown in the default and debug modes only. Control characters
    /// (from server text) are shown escaped; line feeds are kept.
    public func info(_ text: String) {
        guard mode.showsInfo else { return }
        line(VisibleText.escaped(text, keepingLineFeeds: true))
    }

    /// A result, in every mode.
    public func result(_ value: JSON) {
        printedResult = true
        if mode == .json {
            // A list stays a list even when empty; only nested empty arrays become "".
            let shown: JSON
            if case .array(let elements) = value {
                shown = .array(elements.map { TreeRenderer.preformat($0, forJSON: true) })
            } else {
                shown = TreeRenderer.preformat(value, forJSON: true)
            }
            line(JSONWriter.write(shown, pretty: true))
            return
        }
        for text in renderer.render(value) { line(text) }
    }

    /// One result of a sequence, written at once: a compact JSON document on its own line in
    /// json mode (JSON Lines), the usual rendering otherwise.
    public func resultItem(_ value: JSON) {
        if mode == .json {
            printedResult = true
            line(JSONWriter.write(TreeRenderer.preformat(value, forJSON: true), pretty: false))
        } else {
            result(value)
        }
        flush()
    }

    /// An object at informational level with arrays shortened to five elements.
    public func infoResult(_ value: JSON) {
        guard mode.showsInfo else { return }
        var renderer = self.renderer
        renderer.truncateArrays = true
        for text in renderer.render(value) { line(text) }
    }

    /// `Error: <message>`, or `{"Error": "<message>"}` in json mode.
    public func error(_ message: String) {
        if mode == .json {
            printedResult = true
            line(JSONWriter.write(.object(JSONObject([("Error", .string(message))])), pretty: true))
        } else {
            line("Error: " + VisibleText.escaped(message, keepingLineFeeds: true))
        }
    }

    /// The status line (informational level).
    public func status(success: Bool) {
        info(success ? Console.succeeds : Console.fails)
    }

    /// Ends a command: `{}` in json mode when nothing was printed, then the status line.
    public func finish(success: Bool) {
        if mode == .json && !printedResult { line("{}") }
        status(success: success)
        flush()
        progress.clear()
    }
}

extension Console {
    /// The original's reaction to a bad command line: the help text, `Error: <message>` and the
    /// failure line, always as text. Returns the exit status.
    func usageFailure(help: String, message: String, environment: Environment) -> Int32 {
        mode = .standard
        write(help)
        error(message)
        finish(success: false)
        return ExitStatus.code(for: Int32(IMPT_ERR_USAGE.rawValue), environment: environment)
    }
}
