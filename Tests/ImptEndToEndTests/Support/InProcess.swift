import Foundation
import ImptHostKit
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs impt commands inside the test process: the host library with the plugins of a sandbox's
/// installation (dlopen'd from there, as its `impt` would), a console, environment, working
/// directory and standard input of the run's own. Runs happen one at a time (impt's run state is
/// process-wide); each blocks its caller, which is fine because in-process simulators serve from
/// threads of their own (`ThreadPoolExecutor.simulators`).
enum InProcessImpt {
    private static let turn = Mutex(())

    /// Collects bytes written during a run.
    private final class Buffer: Sendable {
        let bytes = Mutex<[UInt8]>([])
        func append(_ more: [UInt8]) { bytes.withLock { $0.append(contentsOf: more) } }
        var text: String { String(decoding: bytes.withLock { $0 }, as: UTF8.self) }
    }

    /// Runs `arguments` as the impt at `executable` would, in `directory`.
    static func run(_ arguments: [String], executable: String, environment: [String: String], directory: String,
                    stdin: String?, transport: any RequestTransport = CurlTransport()) -> Run {
        let output = Buffer(), errors = Buffer()
        // Answers come from a pipe holding `stdin`, then end of input (as with `impt < file`).
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return Run(stdout: "", stderr: "pipe failed", status: -1) }
        let bytes = Array((stdin ?? "").utf8)
        if !bytes.isEmpty { _ = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) } }
        close(ends[1])
        defer { close(ends[0]) }
        let streams = StandardStreams(
            makeConsole: { Console(mode: .standard, colors: false, interactive: false, sink: output.append) },
            error: errors.append, errorIsTerminal: false, input: ends[0])
        let status = turn.withLock { _ in
            ImptMain(
                arguments: arguments, environment: Environment(environment), directory: directory, streams: streams,
                executable: executable, inspector: Build.impt, transport: transport
            ).run()
        }
        return Run(stdout: output.text, stderr: errors.text, status: status)
    }
}

/// A fixed set of threads that run the jobs of the tasks that prefer it. Two uses: simulators
/// served from the test process (their request handlers, devices and timers never wait for the
/// concurrency pool), and the tests themselves (`.ownThreads`), which block while processes,
/// terminals and in-process runs work.
final class ThreadPoolExecutor: TaskExecutor, @unchecked Sendable {
    /// The simulators' threads.
    static let simulators = ThreadPoolExecutor(name: "simulator", threads: 4)
    /// The tests' threads: how many tests run at once. Most of a test's time is spent waiting for
    /// a process or a simulator, so more tests than cores keep the cores busy.
    static let tests = ThreadPoolExecutor(name: "test", threads: 8)

    private let jobs = Mutex<[UnownedJob]>([])
    private let ready = DispatchSemaphore(value: 0)

    private init(name: String, threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [unowned self] in work() }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        ready.signal()
    }

    private func work() {
        while true {
            ready.wait()
            guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// Runs a suite's tests on `ThreadPoolExecutor.tests`: the concurrency pool has one thread per
/// core (two here), and a test that blocks on one (for a process, a terminal or an in-process
/// run) would otherwise keep every other test, and the async work they wait for, from running.
struct OwnThreadsTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void)
        async throws
    {
        try await withTaskExecutorPreference(ThreadPoolExecutor.tests) { try await function() }
    }
}

extension Trait where Self == OwnThreadsTrait {
    /// The suite's tests run on threads of their own (`ThreadPoolExecutor.tests`).
    static var ownThreads: Self { Self() }
}

extension InProcessImpt {
    /// Whether new sandboxes run impt in-process: set for the tests of suites marked `.inProcess`.
    @TaskLocal static var isDefault = false
}

/// Marks a suite (or test) whose sandboxes run impt in-process by default; its tests run on
/// threads of their own, like `.ownThreads`.
struct InProcessTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void)
        async throws
    {
        try await withTaskExecutorPreference(ThreadPoolExecutor.tests) {
            try await InProcessImpt.$isDefault.withValue(true) { try await function() }
        }
    }
}

extension Trait where Self == InProcessTrait {
    /// The suite's commands run in the test process (`InProcessImpt`).
    static var inProcess: Self { Self() }
}
