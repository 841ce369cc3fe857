import GRDB
import Synchronization

/// What a simulated device runs: the log lines of one deployment.
struct RunPlan: Sendable {
    var deviceID: String
    var deploymentID: String
    /// (type, message) pairs printed on every period.
    var periodicLines: [(type: String, msg: String)]
    /// Percentage of program storage the device code uses, e.g. "0.42".
    var storagePercent: String

    /// Builds the plan from a deployment's code.
    init(deviceID: String, deploymentID: String, deviceCode: String, agentCode: String) {
        self.deviceID = deviceID
        self.deploymentID = deploymentID
        var lines: [(type: String, msg: String)] = []
        for call in SquirrelScanner.logCalls(in: deviceCode) {
            lines.append((type: call.kind == "error" ? "server.error" : "server.log", msg: call.text))
        }
        for call in SquirrelScanner.logCalls(in: agentCode) {
            lines.append((type: call.kind == "error" ? "agent.error" : "agent.log", msg: call.text))
        }
        periodicLines = lines
        // Program storage: the device code against a notional 1 MiB of flash, two decimals.
        let hundredths = max(1, (deviceCode.utf8.count * 10_000 + 524_288) / 1_048_576)
        let fraction = hundredths % 100
        storagePercent = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// Runs simulated devices: after a restart an online, assigned device prints status lines, then
/// every `period` seconds one entry per `server.log("…")` literal of its deployment.
final class DeviceSimulator: Sendable {
    private let runs = Mutex<[String: Task<Void, Never>]>([:])
    private let stopped = Atomic<Bool>(false)
    let logs: LogService
    let period: Double
    /// Delay of the first periodic output after a restart (so users see output promptly).
    let firstTickDelay: Double
    /// How long a device takes to come up after a restart.
    static let bootMilliseconds: Int64 = 30
    let time: SimClock
    let events: SimEvents

    let tasks: SimTasks

    init(logs: LogService, period: Double, time: SimClock, events: SimEvents, tasks: SimTasks = .pool) {
        self.tasks = tasks
        self.logs = logs
        self.period = period
        self.time = time
        self.events = events
        firstTickDelay = min(period, 2.0)
    }

    /// Starts (or restarts) a device on a plan. `fresh` prints the restart status lines first.
    func start(_ plan: RunPlan, fresh: Bool) {
        guard !stopped.load(ordering: .acquiring) else { return }
        let logs = self.logs
        let period = self.period
        let firstDelay = firstTickDelay
        let time = self.time
        let events = self.events
        let task = tasks.start {
            if fresh {
                do { try await time.sleep(milliseconds: Self.bootMilliseconds) } catch { return }
                let booted = await logs.append(
                    deviceID: plan.deviceID,
                    entries: [
                        (type: "status", msg: "Agent restarted: reload."),
                        (type: "status", msg: "Device connected"),
                        (type: "status", msg: "\(plan.storagePercent)% program storage used"),
                    ],
                    requiringRun: plan.deploymentID)
                if !booted.isEmpty { events.post(.deviceBooted, subject: plan.deviceID) }
            }
            var delay = fresh ? firstDelay : period
            while !Task.isCancelled {
                do { try await time.sleep(milliseconds: Int64(delay * 1000)) } catch { return }
                delay = period
                if plan.periodicLines.isEmpty { continue }
                await logs.append(deviceID: plan.deviceID, entries: plan.periodicLines, requiringRun: plan.deploymentID)
            }
        }
        let previous = runs.withLock { map -> Task<Void, Never>? in
            let old = map[plan.deviceID]
            map[plan.deviceID] = task
            return old
        }
        previous?.cancel()
    }

    /// Stops a device's output.
    func stop(_ deviceID: String) {
        let task = runs.withLock { $0.removeValue(forKey: deviceID) }
        task?.cancel()
    }

    func stopAll() {
        stopped.store(true, ordering: .releasing)
        let tasks = runs.withLock { map -> [Task<Void, Never>] in
            let all = Array(map.values)
            map.removeAll()
            return all
        }
        for task in tasks { task.cancel() }
    }

    var runningDeviceIDs: [String] { runs.withLock { Array($0.keys) } }

    /// Resumes devices that were running when the simulator last stopped (no status lines).
    func resume(from store: Store) throws {
        let plans = try store.readSync { db -> [RunPlan] in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id AS device_id, p.id AS deployment_id, p.device_code, p.agent_code FROM devices d \
                    JOIN deployments p ON p.id = d.running_deployment_id \
                    WHERE d.online = 1 AND d.devicegroup_id IS NOT NULL
                    """)
            return rows.map {
                RunPlan(deviceID: $0["device_id"], deploymentID: $0["deployment_id"],
                        deviceCode: $0["device_code"], agentCode: $0["agent_code"])
            }
        }
        for plan in plans { start(plan, fresh: false) }
    }
}
