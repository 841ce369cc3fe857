#if canImport(Glibc)
import Glibc
#endif
import CImptSystem
import ImptPluginAPI

/// Questions to the user on standard input. On a terminal the user types answers (passwords
/// without echo); otherwise answers are read line by line from the pipe, and when input ends the
/// question is cancelled instead of waiting forever.
final class Prompter {
    /// The prompter of the run in progress (standard input, or what `ImptMain` was given).
    nonisolated(unsafe) static var shared = Prompter(fd: 0)

    private let fd: Int32
    private var pending: [UInt8] = []
    private var ended = false

    init(fd: Int32) {
        self.fd = fd
    }

    var isTerminal: Bool { isatty(fd) == 1 }

    enum ReadOutcome {
        case line(String)
        case endOfInput
        case interrupted
    }

    /// Prints `prompt` and reads one line (without its terminator). For hidden input, echo is
    /// turned off before the prompt appears, so nothing typed after it can show. Ctrl-C
    /// interrupts the wait.
    func readLine(prompt: String, hidden: Bool, console: Console) -> ReadOutcome {
        var saved = termios()
        let silence = hidden && isTerminal && tcgetattr(fd, &saved) == 0
        if silence {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(fd, TCSADRAIN, &quiet)
        }
        // Ctrl-C is caught before the prompt shows: a user who presses it as soon as they see
        // the question gets the cancellation, not a killed process.
        impt_sigint_install()
        defer {
            impt_sigint_restore()
            if silence { tcsetattr(fd, TCSADRAIN, &saved) }
        }
        console.write(prompt)
        console.flush()
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                var line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                if line.last == 0x0D { line.removeLast() }
                return .line(String(decoding: line, as: UTF8.self))
            }
            if ended {
                guard !pending.isEmpty else { return .endOfInput }
                defer { pending.removeAll() }
                return .line(String(decoding: pending, as: UTF8.self))
            }
            // Ctrl-C may come at any moment, to any thread: the flag is checked before each wait,
            // and a wait lasts at most a tenth of a second.
            if impt_sigint_take() { return .interrupted }
            var readable = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&readable, 1, 100) <= 0 { continue }  // nothing yet, or a signal: check again
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR {
                    if impt_sigint_take() { return .interrupted }
                    continue
                }
                ended = true
            } else if count == 0 {
                ended = true
            } else {
                pending.append(contentsOf: chunk[0..<count])
            }
        }
    }

    /// Why the user was not asked, for standard error (standard output keeps the original's text).
    private func explainEndOfInput(_ what: String) {
        let message = "impt: standard input ended before \(what) was answered; "
            + "use --confirmed to skip confirmations and give values as options\n"
        StandardStreams.warnText(message)
    }

    /// Ends the prompt line when the answer was not echoed by a terminal.
    private func finishAnswerLine(hidden: Bool, console: Console) {
        if !isTerminal || hidden { console.write("\n") }
    }

    /// `Are you sure you want to continue?` until `y` or `n`.
    func confirm(message: String?, console: Console) throws(ImptError) {
        if let message { console.line(VisibleText.escaped(message, keepingLineFeeds: true)) }
        console.line("Are you sure you want to continue?")
        while true {
            switch readLine(prompt: "Enter 'y' (yes) or 'n' (no): ", hidden: false, console: console) {
            case .line(let answer):
                finishAnswerLine(hidden: false, console: console)
                console.line("")
                switch answer.trimmed.lowercased() {
                case "y": return
                case "n": throw ImptError.cancelled
                default: console.line("Invalid value!")
                }
            case .endOfInput:
                console.write("\n\n")
                explainEndOfInput("the confirmation")
                throw ImptError.cancelled
            case .interrupted:
                console.write("\n\n")
                throw ImptError.cancelled
            }
        }
    }

    /// `Enter <label>: ` and one line.
    func input(label: String, hidden: Bool, console: Console) throws(ImptError) -> String {
        switch readLine(prompt: "Enter \(label): ", hidden: hidden, console: console) {
        case .line(let answer):
            finishAnswerLine(hidden: hidden, console: console)
            return answer
        case .endOfInput:
            console.write("\n")
            explainEndOfInput("the \(label)")
            throw ImptError.cancelled
        case .interrupted:
            console.write("\n")
            throw ImptError.cancelled
        }
    }

    /// A numbered choice; returns the zero-based index.
    func choose(title: String, choices: [String], console: Console) throws(ImptError) -> Int {
        console.line(VisibleText.escaped(title, keepingLineFeeds: true))
        for (index, choice) in choices.enumerated() {
            console.line("  (\(index + 1)) " + VisibleText.escaped(choice, keepingLineFeeds: false))
        }
        console.line("")
        let range = choices.count == 2 ? "1 or 2" : "a number from 1 to \(choices.count)"
        while true {
            let answer = try input(label: range, hidden: false, console: console)
            console.line("")
            if let number = Int(answer.trimmed), number >= 1, number <= choices.count { return number - 1 }
            console.line("Invalid value!")
        }
    }

    /// Prints a message (an informational line: not in the minimal and json modes) and waits for
    /// Enter.
    func waitEnter(message: String, console: Console) throws(ImptError) {
        let shown = console.mode.showsInfo
        let prompt = shown ? VisibleText.escaped(message, keepingLineFeeds: true) + "\n" : ""
        switch readLine(prompt: prompt, hidden: false, console: console) {
        case .line:
            return
        case .endOfInput:
            throw ImptError(status: IMPT_ERR_CANCELLED, lines: [])
        case .interrupted:
            if shown { console.write("\n") }
            throw ImptError(status: IMPT_ERR_INTERRUPTED, lines: [])
        }
    }
}
