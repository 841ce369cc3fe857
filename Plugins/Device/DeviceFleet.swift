import ImptPluginAPI
import ImptPluginKit

/// The request that acts on one Device.
struct DeviceRequest {
    let method: String
    let path: String
    var body: JSONLiteral? = nil
    var headers: [String] = []

    /// `{"method", "path", "body"?, "headers"?}` for the bulk service.
    var literal: JSONLiteral {
        var members: [(String, JSONLiteral)] = [("method", .string(method)), ("path", .string(path))]
        if let body { members.append(("body", body)) }
        if !headers.isEmpty { members.append(("headers", .array(headers.map { .string($0) }))) }
        return .object(members)
    }

    /// The body that names one Device in a Device Group's devices relationship.
    static func deviceList(_ id: String) -> JSONLiteral {
        ["data": [["type": "device", "id": .string(id)]]]
    }
}

/// What happened to one Device.
struct DeviceOutcome {
    enum Kind { case done, failed, skipped }
    let kind: Kind
    /// The word in the json result: "restarted", "already_assigned", "error", "skipped", ...
    let result: String
    /// The success line, or the reason of the failure.
    let message: String

    static func done(_ result: String, _ message: String) -> DeviceOutcome { DeviceOutcome(kind: .done, result: result, message: message) }
    static func failed(_ message: String) -> DeviceOutcome { DeviceOutcome(kind: .failed, result: "error", message: message) }
    static let skipped = DeviceOutcome(kind: .skipped, result: "skipped", message: "")
}

/// One Device's part of a command: a request and the outcome it has when it succeeds, or an
/// outcome known without a request (`Device "x" is already unassigned.`).
struct DeviceStep {
    let device: FoundDevice
    let request: DeviceRequest?
    let outcome: DeviceOutcome
    /// Turns a failed request's HTTP status into an outcome that is not a failure (404 on a
    /// removal: already removed), or nil.
    var recover: ((Int) -> DeviceOutcome?)? = nil

    static func known(_ device: FoundDevice, _ outcome: DeviceOutcome) -> DeviceStep {
        DeviceStep(device: device, request: nil, outcome: outcome)
    }
}

/// Carries out a command's steps. For one Device given on the command line it behaves exactly as
/// the original single-Device command: one request after the other, the first failure ends the
/// command with the original's error output. For a fleet the requests run concurrently through
/// the bulk service, each Device gets its own line (or its entry in the json array), in the
/// order the Devices were given, and a failure fails the command only once every Device was tried.
struct DeviceFleet {
    let context: Context
    let isFleet: Bool

    init(_ context: Context, _ selection: DeviceSelection) {
        self.context = context
        isFleet = selection.isFleet
    }

    var showsLines: Bool { context.outputMode != IMPT_OUTPUT_JSON }

    /// Runs the steps and returns one outcome per step, in step order.
    func perform(_ steps: [DeviceStep], progress label: String) throws(PluginFailure) -> [DeviceOutcome] {
        guard isFleet else { return try performOneByOne(steps) }
        var outcomes: [DeviceOutcome?] = steps.map { $0.request == nil ? $0.outcome : nil }
        let sent = steps.indices.filter { steps[$0].request != nil }
        var reported = 0
        func reportReady() {
            let before = reported
            while reported < steps.count, let outcome = outcomes[reported] {
                report(outcome, of: steps[reported].device)
                reported += 1
            }
            // A script reading the output sees each Device's line as soon as it is known.
            if reported > before { context.flush() }
        }
        reportReady()
        let requests = sent.map { steps[$0].request!.literal }
        _ = try context.bulk(requests, progressLabel: label) { result in
            let index = sent[result.index]
            outcomes[index] = outcome(of: result, for: steps[index])
            reportReady()
            return true
        }
        for index in outcomes.indices where outcomes[index] == nil { outcomes[index] = .skipped }
        reportReady()
        return outcomes.map { $0! }
    }

    private func outcome(of result: BulkResult, for step: DeviceStep) -> DeviceOutcome {
        if result.succeeded { return step.outcome }
        if result.status == Int32(IMPT_ERR_INTERRUPTED.rawValue) && result.httpStatus == 0 { return .skipped }
        if let recovered = step.recover?(result.httpStatus) { return recovered }
        return .failed(result.message)
    }

    private func performOneByOne(_ steps: [DeviceStep]) throws(PluginFailure) -> [DeviceOutcome] {
        var outcomes: [DeviceOutcome] = []
        for step in steps {
            var outcome = step.outcome
            if let request = step.request {
                do throws(PluginFailure) {
                    try context.request(request.method, request.path, body: request.body, headers: request.headers)
                } catch {
                    guard let recovered = step.recover?(Int(context.lastError.httpStatus)) else { throw error }
                    context.clearError()
                    outcome = recovered
                }
            }
            context.info(outcome.message)
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// A fleet Device's line in the text modes: its message, or `Error: Device "x": <reason>`.
    private func report(_ outcome: DeviceOutcome, of device: FoundDevice) {
        guard showsLines else { return }
        switch outcome.kind {
        case .done: context.info(outcome.message)
        case .failed: context.errorLine("\(device.subject): \(outcome.message)")
        case .skipped: break
        }
    }

    /// Ends a fleet command: the json array of the Devices' results, and the failure when a
    /// Device failed or Ctrl-C stopped the command before every Device was tried.
    func finish(_ devices: [FoundDevice], _ outcomes: [DeviceOutcome]) throws(PluginFailure) {
        guard isFleet else { return }
        if !showsLines {
            context.result(.array(zip(devices, outcomes).map { device, outcome in
                var fields: [(String, JSONLiteral)] = [
                    ("id", .string(device.id)), ("ref", .string(device.ref)), ("result", .string(outcome.result)),
                ]
                if outcome.kind == .failed { fields.append(("error", .string(outcome.message))) }
                return .object([(Context.typeName(IMPT_ENTITY_DEVICE), .object(fields))])
            }))
        }
        let failed = outcomes.filter { $0.kind == .failed }.count
        let skipped = outcomes.filter { $0.kind == .skipped }.count
        if skipped > 0 {
            let failures = failed > 0 ? ", \(failed) failed" : ""
            throw context.fail(IMPT_ERR_INTERRUPTED, "Interrupted: \(skipped) of \(devices.count) Devices were not tried\(failures).")
        }
        if failed > 0 { throw context.fail(IMPT_ERR_FAILED, "\(failed) of \(devices.count) Devices failed.") }
    }
}
