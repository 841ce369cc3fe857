import GRDB

/// Work to do once a write transaction has committed: start or stop simulated devices and
/// deliver webhooks. Handlers collect effects inside the transaction and apply them after it.
enum SideEffect: Sendable {
    case start(RunPlan)
    case stop(String)
    case deliver([WebhookDispatcher.Delivery])
    case forgetStreams(String)
}

extension SimEnvironment {
    func apply(_ effects: [SideEffect]) {
        for effect in effects {
            switch effect {
            case .start(let plan): simulator.start(plan, fresh: true)
            case .stop(let id): simulator.stop(id)
            case .deliver(let deliveries): webhooks.dispatch(deliveries)
            case .forgetStreams(let id): hub.forget(deviceID: id)
            }
        }
    }
}

/// Device state changes, run inside write transactions.
enum DeviceOperations {
    /// Boots a device onto its group's current deployment when it is online and assigned.
    /// Returns the effect: a run plan, or a stop when there is nothing to run.
    static func boot(_ db: Database, deviceID: String, now: Int64) throws -> SideEffect {
        guard let device = try Lookups.device(db, id: deviceID) else { return .stop(deviceID) }
        var deployment: DeploymentRow?
        if let groupID = device.deviceGroupID, let group = try Lookups.deviceGroup(db, id: groupID),
           let currentID = group.currentDeploymentID {
            deployment = try Lookups.deployment(db, id: currentID)
        }
        if let deployment {
            // An offline device keeps the pending deployment and runs it when it connects.
            try db.execute(
                sql: "UPDATE devices SET running_deployment_id = ?, agent_state_changed_at = ? WHERE id = ?",
                arguments: [deployment.id, now, deviceID])
            guard device.online else { return .stop(deviceID) }
            return .start(RunPlan(
                deviceID: deviceID, deploymentID: deployment.id, deviceCode: deployment.deviceCode,
                agentCode: deployment.agentCode))
        }
        if device.runningDeploymentID != nil {
            try db.execute(
                sql: "UPDATE devices SET running_deployment_id = NULL, agent_state_changed_at = ? WHERE id = ?",
                arguments: [now, deviceID])
        }
        return .stop(deviceID)
    }

    /// Assigns (or reassigns) a device to a group; it keeps its agent id forever once it has one.
    static func assign(_ db: Database, device: DeviceRow, groupID: String, now: Int64) throws -> SideEffect {
        var agentID = device.storedAgentID
        if agentID == nil {
            var candidate = Identifiers.agentID()
            while try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM devices WHERE agent_id = ?)", arguments: [candidate]) == true {
                candidate = Identifiers.agentID()
            }
            agentID = candidate
        }
        try db.execute(
            sql: "UPDATE devices SET devicegroup_id = ?, agent_id = ?, agent_state_changed_at = ? WHERE id = ?",
            arguments: [groupID, agentID, now, device.id])
        return try boot(db, deviceID: device.id, now: now)
    }

    /// Removes a device from its group and stops its code.
    static func unassign(_ db: Database, deviceID: String, now: Int64) throws -> SideEffect {
        try db.execute(
            sql: """
                UPDATE devices SET devicegroup_id = NULL, running_deployment_id = NULL, \
                agent_state_changed_at = ? WHERE id = ?
                """,
            arguments: [now, deviceID])
        return .stop(deviceID)
    }
}
