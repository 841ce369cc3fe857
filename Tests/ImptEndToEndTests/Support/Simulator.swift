import Foundation
import ImpcentralSim
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

#if canImport(Glibc)
import Glibc
#endif

/// A fresh impcentral-sim on a free loopback port with its own data directory, stopped when the
/// value is released: served from the test process (on `ThreadPoolExecutor.simulators`), or a
/// process of a given executable.
final class Simulator {
    private enum Backing {
        case server(SimServer)
        case process(Process, errors: Pipe)
    }

    private let backing: Backing
    /// Whether the data directory was made for this simulator (and is removed with it).
    private let ownsData: Bool
    let dataDirectory: URL
    let baseURL: String

    /// - Parameters:
    ///   - flags: the simulator's command-line flags.
    ///   - executable: a simulator executable to start as a process (default: none, the
    ///     simulator is served from the test process).
    ///   - launcher: a program and its arguments that start `executable` with the simulator's
    ///     arguments after them (for example in a mount namespace); it must exec the simulator.
    init(_ flags: [String] = ["--demo"], data: URL? = nil, executable: String? = nil, launcher: [String] = []) throws {
        ownsData = data == nil
        dataDirectory = data ?? URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("impt-sim-\(UUID().uuidString)")
        let arguments = ["--data", dataDirectory.path, "--port", "0"] + flags
        guard let executable else {
            let server = try SimServer(options: try SimOptions.parse(arguments), executor: ThreadPoolExecutor.simulators)
            backing = .server(server)
            baseURL = try Self.onSimulatorThreads { try await server.start() }
            return
        }
        let process = Process()
        let errors = Pipe()
        process.executableURL = URL(fileURLWithPath: launcher.first ?? executable)
        process.arguments = Array((launcher + [executable] + arguments).dropFirst())
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": dataDirectory.path]
        process.currentDirectoryURL = dataDirectory.deletingLastPathComponent()
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        backing = .process(process, errors: errors)
        baseURL = try Simulator.firstLine(of: output.fileHandleForReading, timeout: 20)
        guard baseURL.hasPrefix("http://127.0.0.1:"), baseURL.hasSuffix("/v5") else {
            process.terminate()
            throw ProcessError(description: "impcentral-sim printed \(baseURL.debugDescription) instead of its base URL")
        }
    }

    deinit {
        stop()
        if ownsData { try? FileManager.default.removeItem(at: dataDirectory) }
    }

    func stop() {
        switch backing {
        case .server(let server):
            _ = try? Self.onSimulatorThreads { await server.shutdown() }
        case .process(let process, _):
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
    }

    /// The in-process simulator, for what a test does through the library (its clock, its events).
    var server: SimServer? {
        if case .server(let server) = backing { return server }
        return nil
    }

    /// Runs async simulator work from synchronous test code, on the simulator's own threads.
    private static func onSimulatorThreads<T: Sendable>(_ work: sending @escaping () async throws -> T) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: ThreadPoolExecutor.simulators) {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }

    /// Reads bytes until the first newline, waiting at most `timeout` seconds.
    static func firstLine(of handle: FileHandle, timeout: TimeInterval) throws -> String {
        let fd = handle.fileDescriptor
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 200) > 0 else { continue }
            var byte: UInt8 = 0
            guard read(fd, &byte, 1) == 1 else { break }
            if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        throw ProcessError(description: "impcentral-sim did not print its URL within \(timeout) s")
    }

    /// A request made directly to the simulator (for setting up scenarios the CLI cannot create).
    @discardableResult
    func call(_ method: String, _ path: String, body: Any? = nil, token: String? = nil, headers: [String: String] = [:]) throws
        -> (status: Int, json: Any?)
    {
        let root = baseURL.hasSuffix("/v5") ? String(baseURL.dropLast(3)) : baseURL
        let url = URL(string: path.hasPrefix("/v5") || path.hasPrefix("/_sim") ? root + path : baseURL + path)!
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("application/vnd.api+json", forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = try JSONSerialization.data(withJSONObject: body) }
        let semaphore = DispatchSemaphore(value: 0)
        let result = Exchange()
        URLSession.shared.dataTask(with: request) { data, response, error in
            result.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            result.data = data
            result.error = error
            semaphore.signal()
        }.resume()
        guard semaphore.wait(timeout: .now() + 30) == .success else { throw ProcessError(description: "\(method) \(path) timed out") }
        if let error = result.error { throw error }
        let json = result.data.flatMap { $0.isEmpty ? nil : try? JSONSerialization.jsonObject(with: $0) }
        return (result.status, json)
    }

    // MARK: Simulated time and events

    /// Changes the simulator's clock (`freeze`, `resume`, `advance_ms`); returns its state.
    @discardableResult
    func clock(_ change: [String: Any]) throws -> [String: Any] {
        let reply = try call("POST", "/_sim/clock", body: change)
        guard reply.status == 200, let state = reply.json as? [String: Any] else {
            throw ProcessError(description: "POST /_sim/clock \(change) failed: \(reply)")
        }
        return state
    }

    /// Moves simulated time forward: rate-limit windows, token lifetimes, device boots and
    /// periodic log lines follow it.
    func advance(seconds: Double) throws {
        try clock(["advance_ms": Int(seconds * 1000)])
    }

    /// The number the simulator's next event will get: wait for events from here on.
    func nextEvent() throws -> Int {
        let reply = try call("GET", "/_sim/clock")
        return ((reply.json as? [String: Any])?["next_event"] as? Int) ?? 0
    }

    /// Waits (up to `timeout` seconds) for an event numbered `after` or later: `device_booted`,
    /// `logs_written` or `webhook_delivered`, about `subject` when given. Nil when none came.
    @discardableResult
    func waitForEvent(_ kind: String, subject: String? = nil, after: Int, timeout: TimeInterval = 20) throws -> [String: Any]? {
        var path = "/_sim/events?kind=\(kind)&after=\(after)&timeout_ms=\(Int(timeout * 1000))"
        if let subject { path += "&subject=" + (subject.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? subject) }
        let reply = try call("GET", path)
        return reply.status == 200 ? reply.json as? [String: Any] : nil
    }

    /// The statuses of the API requests served since event `after`, in order.
    func servedStatuses(after: Int) throws -> [Int] {
        var statuses: [Int] = []
        var next = after
        while let event = try waitForEvent("request_served", after: next, timeout: 0.001) {
            statuses.append(event["status"] as? Int ?? 0)
            next = (event["sequence"] as? Int ?? next) + 1
        }
        return statuses
    }

    /// Waits (up to `timeout` seconds) until `condition` holds, checking it again after each
    /// simulator event of `kind` (about `subject`, when given): no polling.
    func waitUntil(_ kind: String, subject: String? = nil, timeout: TimeInterval = 10, _ condition: () throws -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let next = try nextEvent()
            if try condition() { return true }
            let left = deadline.timeIntervalSinceNow
            guard left > 0, try waitForEvent(kind, subject: subject, after: next, timeout: left) != nil else {
                return try condition()
            }
        }
    }

    /// An access token for an account, obtained from the simulator directly.
    func token(user: String = "demo", password: String = "demo-password") throws -> String {
        let reply = try call("POST", "/auth", body: ["id": user, "password": password])
        guard let token = (reply.json as? [String: Any])?["access_token"] as? String else {
            throw ProcessError(description: "no token for \(user): \(reply)")
        }
        return token
    }
}

private final class Exchange: @unchecked Sendable {
    var status = 0
    var data: Data?
    var error: Error?
}

extension Sandbox {
    /// Logs in to a simulator with the global auth file.
    @discardableResult
    func login(_ sim: Simulator, user: String = "demo", password: String = "demo-password", local: Bool = false) throws -> Run {
        var arguments = ["auth", "login", "--endpoint", sim.baseURL, "--user", user, "--pwd", password, "-q"]
        if local { arguments.append("--local") }
        let run = try impt(arguments)
        guard run.status == 0 else { throw ProcessError(description: "login failed: \(run)") }
        return run
    }
}
