import ImptPluginAPI
import ImptPluginKit

/// `impt device remove`.
struct DeviceRemove: Command {
    static let configuration = CommandConfiguration(
        name: "remove", summary: "Removes one or more Devices from the account.",
        description: "Removes Devices from your account. An assigned Device is removed only with --force, which "
            + "unassigns it first. Asks for confirmation first.")

    @Option(devicesOption) var deviceIdentifiers: [String]
    @Option("force", "f", help: "Unassigns assigned Devices before removing them.") var force: Bool
    @Option(confirmedOption) var confirmed: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let selection = try DeviceSelection.parse(deviceIdentifiers, context: context)
        let devices = try DeviceLookup.all(context, selection)
        let assigned = force ? devices.filter { $0.groupID != nil } : []
        guard selection.isFleet else {
            // The host's deletion flow: summary, confirmation, unassignment, removal.
            let entries: [JSONLiteral] = devices.map { ["ref": .string($0.ref), "data": .value($0.data)] }
            var plan: [(String, JSONLiteral)] = [("remove_devices", .array(entries))]
            if !assigned.isEmpty { plan.append(("unassign_devices", .array(entries))) }
            try context.delete(.object(plan), confirmed: confirmed)
            return
        }
        if !confirmed {
            try Self.summary("The following Devices will be unassigned from Device Groups:", assigned, context)
            try Self.summary("The following Devices will be removed from the account:", devices, context)
            try context.confirm(nil)
        }
        let fleet = DeviceFleet(context, selection)
        let unassigned = try fleet.perform(
            assigned.map { device in
                DeviceStep(
                    device: device,
                    request: DeviceRequest(
                        method: "DELETE", path: "/devicegroups/\(device.groupID ?? "")/relationships/devices",
                        body: DeviceRequest.deviceList(device.id)),
                    outcome: .done("unassigned", "\(device.subject) is unassigned successfully."),
                    recover: { status in
                        status == 404 ? .done("already_unassigned", "\(device.subject) is already unassigned.") : nil
                    })
            }, progress: "Unassigning Devices:")
        var blocked: [String: DeviceOutcome] = [:]
        for (device, outcome) in zip(assigned, unassigned) where outcome.kind != .done { blocked[device.id] = outcome }
        // After Ctrl-C no new request starts: the Devices left are reported as not tried.
        let interrupted = unassigned.contains { $0.kind == .skipped }
        let removable = interrupted ? [] : devices.filter { blocked[$0.id] == nil }
        let removed = try fleet.perform(
            removable.map { device in
                DeviceStep(
                    device: device, request: DeviceRequest(method: "DELETE", path: "/devices/\(device.id)"),
                    outcome: .done("removed", "\(device.subject) is removed successfully."),
                    recover: { status in status == 404 ? .done("already_removed", "\(device.subject) is already deleted.") : nil })
            }, progress: "Removing Devices:")
        var outcomes: [String: DeviceOutcome] = blocked
        for (device, outcome) in zip(removable, removed) { outcomes[device.id] = outcome }
        try fleet.finish(devices, devices.map { outcomes[$0.id] ?? .skipped })
    }

    /// A section of the summary shown before the confirmation, as the deletion flow prints it.
    private static func summary(_ title: String, _ devices: [FoundDevice], _ context: Context) throws(PluginFailure) {
        guard !devices.isEmpty else { return }
        context.info(title)
        var shown: [JSONLiteral] = []
        for device in devices { shown.append(.value(try context.display(IMPT_ENTITY_DEVICE, IMPT_DISPLAY_SHORT, device.data))) }
        context.infoResult(context.make(.array(shown)))
        context.info("")
    }
}
