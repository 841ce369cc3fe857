import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// impt running in the background with its output on pipes, for commands that go on until they
/// are interrupted (log streams): the test watches the output as it comes, then sends SIGINT.
final class BackgroundRun: @unchecked Sendable {
    /// Bytes a reader thread collects.
    private final class Collected: Sendable {
        let bytes = Mutex<[UInt8]>([])
    }

    let process = Process()
    private let output = Collected()
    private let errors = Collected()
    private let readers = DispatchGroup()

    init(_ sandbox: Sandbox, _ arguments: [String], environment overrides: [String: String] = [:], in directory: URL? = nil)
        throws
    {
        InvocationLog.record(arguments)
        process.executableURL = URL(fileURLWithPath: sandbox.executable)
        process.arguments = arguments
        process.environment = sandbox.environment.merging(overrides) { $1 }
        process.currentDirectoryURL = directory ?? sandbox.work
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        collect(out.fileHandleForReading, into: output)
        collect(err.fileHandleForReading, into: errors)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    private func collect(_ handle: FileHandle, into buffer: Collected) {
        readers.enter()
        let group = readers
        Thread.detachNewThread {
            let fd = handle.fileDescriptor
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                buffer.bytes.withLock { $0.append(contentsOf: chunk[0..<count]) }
            }
            group.leave()
        }
    }

    var stdout: String { String(decoding: output.bytes.withLock { $0 }, as: UTF8.self) }
    var stderr: String { String(decoding: errors.bytes.withLock { $0 }, as: UTF8.self) }

    /// Complete lines printed so far.
    var lines: [String] {
        let text = stdout
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // the unfinished line (or "" after the last line feed)
        return lines
    }

    /// Waits until the printed lines satisfy `condition` (true), or the timeout passes or impt
    /// exits (false).
    @discardableResult
    func wait(timeout: TimeInterval = 30, until condition: ([String]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(lines) { return true }
            if !process.isRunning {
                readers.wait()
                return condition(lines)
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition(lines)
    }

    /// Waits until a line equal to `line` is printed.
    @discardableResult
    func wait(for line: String, timeout: TimeInterval = 30) -> Bool {
        wait(timeout: timeout) { $0.contains(line) }
    }

    /// Sends SIGINT (Ctrl-C) and waits for impt to end.
    func interrupt(timeout: TimeInterval = 30) -> Run {
        if process.isRunning { kill(process.processIdentifier, SIGINT) }
        return finish(timeout: timeout)
    }

    /// Waits for impt to end by itself (killed after the timeout).
    func finish(timeout: TimeInterval = 30) -> Run {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        readers.wait()
        return Run(stdout: stdout, stderr: stderr, status: process.terminationStatus)
    }

    /// Freezes (SIGSTOP) or resumes (SIGCONT) impt.
    func suspend() { kill(process.processIdentifier, SIGSTOP) }
    func resume() { kill(process.processIdentifier, SIGCONT) }
}
