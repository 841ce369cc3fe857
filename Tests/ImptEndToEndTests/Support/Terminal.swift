import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program with a pseudo-terminal as standard input and output, like a user at a terminal:
/// the terminal echoes what is typed unless the program turns echo off.
final class Terminal {
    let process = Process()
    private let master: Int32
    private(set) var transcript = ""

    init(_ path: String, _ arguments: [String], environment: [String: String], directory: URL) throws {
        if URL(fileURLWithPath: path).lastPathComponent == "impt" { InvocationLog.record(arguments) }
        // The pseudo-terminal functions are in the C library but not in Swift's Glibc module.
        typealias OpenPT = @convention(c) (Int32) -> Int32
        typealias PTName = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        let libc = dlopen(nil, RTLD_NOW)
        guard let openSymbol = dlsym(libc, "posix_openpt"), let grantSymbol = dlsym(libc, "grantpt"),
            let unlockSymbol = dlsym(libc, "unlockpt"), let nameSymbol = dlsym(libc, "ptsname")
        else { throw ProcessError(description: "no pseudo-terminal functions") }
        master = unsafeBitCast(openSymbol, to: OpenPT.self)(O_RDWR | O_NOCTTY)
        guard master >= 0, unsafeBitCast(grantSymbol, to: OpenPT.self)(master) == 0,
            unsafeBitCast(unlockSymbol, to: OpenPT.self)(master) == 0,
            let name = unsafeBitCast(nameSymbol, to: PTName.self)(master)
        else {
            throw ProcessError(description: "no pseudo-terminal available")
        }
        let slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw ProcessError(description: "cannot open \(String(cString: name))") }
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    /// Reads output until `needle` appears (or the timeout passes); returns everything read so far.
    @discardableResult
    func read(until needle: String, occurrences: Int = 1, timeout: TimeInterval = 20) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while transcript.components(separatedBy: needle).count - 1 < occurrences && Date() < deadline {
            if readAvailable(waitMilliseconds: 100) == .closed { break }
        }
        return transcript
    }

    /// Reads output until the program has exited and everything it wrote is read.
    func readToExit(timeout: TimeInterval = 20) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let exited = !process.isRunning
            switch readAvailable(waitMilliseconds: 50) {
            case .read: continue
            case .closed: return transcript
            case .nothing: if exited { return transcript }
            }
        }
        return transcript
    }

    private enum ReadOutcome { case read, nothing, closed }

    /// Appends what the program has written, waiting up to `waitMilliseconds` for it.
    private func readAvailable(waitMilliseconds: Int32) -> ReadOutcome {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, waitMilliseconds) > 0 else { return .nothing }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = Glibc.read(master, &buffer, buffer.count)
        if count <= 0 { return .closed }
        transcript += String(decoding: buffer[0..<count], as: UTF8.self)
        return .read
    }

    /// Types a line (the Enter key sends a carriage return).
    func type(_ text: String) {
        let bytes = Array((text + "\r").utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
    }

    /// The transcript without the spinner's frames and line erasures, which appear when a
    /// request takes longer than a frame interval.
    static func withoutSpinner(_ transcript: String) -> String {
        transcript.replacingOccurrences(
            of: "\u{1b}\\[2K\u{1b}\\[1G([|/\\\\-] Contacting impCentral\\.\\.\\.)?", with: "", options: .regularExpression)
    }

    /// The exit status; a program still running after `timeout` seconds is killed (and the test
    /// sees the status of SIGKILL rather than hanging).
    func waitForExit(timeout: TimeInterval = 30) -> Int32 {
        let exited = DispatchSemaphore(value: 0)
        let process = self.process
        DispatchQueue.global().async {
            process.waitUntilExit()
            exited.signal()
        }
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
        }
        return process.terminationStatus
    }
}
