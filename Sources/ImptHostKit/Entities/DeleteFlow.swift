import ImptPluginAPI

/// What a delete command wants done, collected by the command and carried out here.
struct DeletePlan {
    struct Item {
        var kind: EntityKind
        var ref: String
        var data: JSON
        var headers: [String] = []
        /// Deleting it needs the account password (`X-Electricimp-Password`).
        var needsPassword = false
        /// The password the command was given; asked for after the confirmation when absent.
        var password: String?
        var id: String { data["id"]?.stringValue ?? ref }
    }

    /// A device to unassign or remove, and how messages name it.
    struct Device {
        var ref: String
        var data: JSON

        /// A device resource (named by its id), or `{"ref": "...", "data": resource}`.
        init(_ value: JSON) {
            if let data = value["data"], value["id"] == nil {
                self.data = data
                ref = value["ref"]?.stringValue ?? data["id"]?.stringValue ?? ""
            } else {
                data = value
                ref = value["id"]?.stringValue ?? ""
            }
        }
    }

    var entities: [Item] = []
    var unassignDevices: [Device] = []
    var removeDevices: [Device] = []
    var unflagDeployments: [JSON] = []
    var files: [String] = []
    var projectFile = false

    /// Reads the plan object of `impt_entities_v1.delete_plan`.
    init(_ value: JSON) throws(ImptError) {
        guard case .object = value else { throw .invalidArgument("the deletion plan must be an object") }
        for item in value["entities"]?.arrayValue ?? [] {
            guard let raw = item["kind"]?.intValue, let kind = EntityKind(rawValue: Int32(truncatingIfNeeded: raw)),
                let data = item["data"], data["id"]?.stringValue != nil
            else { throw .invalidArgument("each entity of a deletion plan needs a kind and a resource with an id") }
            let ref = item["ref"]?.stringValue ?? data["id"]?.stringValue ?? ""
            let headers = item["headers"]?.arrayValue?.compactMap(\.stringValue) ?? []
            entities.append(
                Item(kind: kind, ref: ref, data: data, headers: headers, needsPassword: item["needs_password"]?.boolValue ?? false,
                     password: item["password"]?.stringValue))
        }
        unassignDevices = (value["unassign_devices"]?.arrayValue ?? []).map(Device.init)
        removeDevices = (value["remove_devices"]?.arrayValue ?? []).map(Device.init)
        unflagDeployments = value["unflag_deployments"]?.arrayValue ?? []
        files = value["files"]?.arrayValue?.compactMap(\.stringValue) ?? []
        projectFile = value["project_file"]?.boolValue ?? false
    }

    static let kindOrder: [EntityKind] = [.product, .deviceGroup, .device, .deployment, .loginKey, .account, .webhook]
    static let deletionOrder: [EntityKind] = [.deviceGroup, .product, .device, .deployment, .loginKey, .account, .webhook]
}

struct DeleteFlow {
    let invocation: Invocation
    var console: Console { invocation.console }
    var session: ApiSession { invocation.session }

    func run(_ plan: DeletePlan, confirmed: Bool) throws(ImptError) {
        if !confirmed {
            printSummary(plan)
            try Prompter.shared.confirm(message: nil, console: console)
        }
        try unassign(plan.unassignDevices)
        try unflag(plan.unflagDeployments)
        try deleteEntities(try withPasswords(plan.entities))
        try removeDevices(plan.removeDevices)
        try deleteFiles(plan.files)
        if plan.projectFile {
            let path = ProjectFile.path(in: invocation.directory)
            if FileSystem.exists(path) {
                do throws(FileError) { try FileSystem.remove(path) } catch { throw .file(error) }
            }
            console.info("Project is deleted successfully.")
        }
    }

    // MARK: Summary

    private func printSummary(_ plan: DeletePlan) {
        let display = Display(invocation: invocation)
        func section(_ title: String, _ kind: EntityKind, _ resources: [JSON]) {
            guard !resources.isEmpty else { return }
            console.info(title)
            console.infoResult(.array(resources.map { display.render(kind, short: $0) }))
            console.info("")
        }
        if !plan.entities.isEmpty {
            console.info("The following entities will be deleted:")
            for kind in DeletePlan.kindOrder {
                let items = plan.entities.filter { $0.kind == kind }
                guard !items.isEmpty else { continue }
                console.infoResult(.array(items.map { display.render(kind, short: $0.data) }))
            }
            console.info("")
        }
        section("The following Devices will be unassigned from Device Groups:", .device, plan.unassignDevices.map(\.data))
        section("The following Devices will be removed from the account:", .device, plan.removeDevices.map(\.data))
        section(
            "The following Deployments are marked \"flagged\" to prevent deleting. They will be modified by setting \"flagged\" attribute to false:",
            .deployment, plan.unflagDeployments)
        if !plan.files.isEmpty {
            console.info("The following files will be deleted:")
            console.infoResult(.object(JSONObject([("Device/agent source files", .array(plan.files.map { .string($0) }))])))
            console.info("")
        }
        if plan.projectFile { console.info("Project File in the current directory will be deleted.") }
    }

    // MARK: Steps

    private func unassign(_ devices: [DeletePlan.Device]) throws(ImptError) {
        let work = devices.compactMap { device -> (String, ApiRequest)? in
            guard let id = device.data["id"]?.stringValue,
                let group = device.data.lookup("relationships.devicegroup.id")?.stringValue
            else { return nil }
            let body: JSON = ["data": [["type": "device", "id": .string(id)]]]
            return (device.ref, ApiRequest("DELETE", "/devicegroups/\(URLEncoding.component(group))/relationships/devices", body: body))
        }
        try runStep(work) { ref, result throws(ImptError) in
            switch result {
            case .success:
                console.info("Device \"\(ref)\" is unassigned successfully.")
            case .failure(let error) where error.httpStatus == 404 || (error.httpStatus == 400 && error.allEntriesNotFound):
                console.info("Device \"\(ref)\" is already unassigned.")
            case .failure(let error):
                throw error
            }
        }
    }

    private func unflag(_ deployments: [JSON]) throws(ImptError) {
        let work = deployments.compactMap { deployment -> (String, ApiRequest)? in
            guard let id = deployment["id"]?.stringValue else { return nil }
            let body: JSON = ["data": ["type": "deployment", "id": .string(id), "attributes": ["flagged": false]]]
            return (id, ApiRequest("PATCH", "/deployments/\(URLEncoding.component(id))", body: body))
        }
        try runStep(work) { id, result throws(ImptError) in
            try report(result, kind: .deployment, ref: id, done: "updated")
        }
    }

    /// The items, with the password header on those that need it. A password the command was not
    /// given is asked for once, here: after the confirmation, as the original does.
    private func withPasswords(_ items: [DeletePlan.Item]) throws(ImptError) -> [DeletePlan.Item] {
        var asked: String?
        var result = items
        for index in result.indices where result[index].needsPassword {
            let password: String
            if let given = result[index].password {
                password = given
            } else if let asked {
                password = asked
            } else {
                password = try Prompter.shared.input(label: "password", hidden: true, console: console)
                asked = password
            }
            result[index].headers.append("X-Electricimp-Password: " + password)
        }
        return result
    }

    private func deleteEntities(_ items: [DeletePlan.Item]) throws(ImptError) {
        for kind in DeletePlan.deletionOrder {
            let batch = items.filter { $0.kind == kind }
            guard !batch.isEmpty else { continue }
            // A group that is another's target can only go once the other is gone.
            let hasTarget = { (item: DeletePlan.Item) in
                item.data.lookup("relationships.production_target.id") != nil
                    || item.data.lookup("relationships.dut_target.id") != nil
            }
            let phases = kind == .deviceGroup ? [batch.filter(hasTarget), batch.filter { !hasTarget($0) }] : [batch]
            for phase in phases where !phase.isEmpty {
                let work = phase.map { item in
                    (item, ApiRequest("DELETE", Identification(invocation: invocation).path(item.kind, item.id), headers: item.headers))
                }
                try runStep(work) { item, result throws(ImptError) in
                    try report(result, kind: item.kind, ref: item.ref, done: "deleted")
                }
            }
        }
    }

    private func removeDevices(_ devices: [DeletePlan.Device]) throws(ImptError) {
        let work = devices.compactMap { device -> (String, ApiRequest)? in
            guard let id = device.data["id"]?.stringValue else { return nil }
            return (device.ref, ApiRequest("DELETE", "/devices/\(URLEncoding.component(id))"))
        }
        try runStep(work) { ref, result throws(ImptError) in
            try report(result, kind: .device, ref: ref, done: "removed")
        }
    }

    private func deleteFiles(_ files: [String]) throws(ImptError) {
        guard !files.isEmpty else { return }
        for file in files {
            let path = file.hasPrefix("/") ? file : FileSystem.join(invocation.directory, file)
            if FileSystem.exists(path) {
                do throws(FileError) { try FileSystem.remove(path) } catch { throw .file(error) }
            }
        }
        let list = files.map { "\"\($0)\"" }.joined(separator: ", ")
        console.info("Device/agent source files \(list) are deleted successfully.")
    }

    private func report(_ result: Result<JSON?, ImptError>, kind: EntityKind, ref: String, done: String) throws(ImptError) {
        switch result {
        case .success: console.info("\(kind.typeName) \"\(ref)\" is \(done) successfully.")
        case .failure(let error) where error.httpStatus == 404: console.info("\(kind.typeName) \"\(ref)\" is already deleted.")
        case .failure(let error): throw error
        }
    }

    /// Deletions in flight at once. They are independent of each other; against a distant
    /// impCentral each one waits mostly for the network, so ten at a time finish a cleanup of
    /// hundreds about ten times sooner than one by one, and a rate limit is waited out as the
    /// server's 429 answers ask (never more requests per second than it allows).
    static let concurrency = 10

    /// Sends a step's requests through the session's pool, `concurrency` at a time, and reports each
    /// outcome in request order. After Ctrl-C the requests already finished are reported and the
    /// step fails as interrupted.
    private func runStep<Subject>(
        _ work: [(Subject, ApiRequest)], _ handle: (Subject, Result<JSON?, ImptError>) throws(ImptError) -> Void
    ) throws(ImptError) {
        guard !work.isEmpty else { return }
        let outcome = try session.batch(work.map(\.1), concurrency: Self.concurrency, interruptible: true)
        for (index, item) in outcome.items.enumerated() {
            if case .failure(.interrupted) = item.result { continue }
            try handle(work[index].0, item.result)
        }
        console.flush()
        if outcome.stopStatus != nil { throw .interrupted }
    }
}

extension Display {
    /// Short data, for deletion summaries.
    func render(_ kind: EntityKind, short resource: JSON) -> JSON {
        .object(JSONObject([(kind.typeName, .object(short(kind, resource)))]))
    }
}

extension ImptError {
    /// A 400 whose error entries all carry status 404 (devices no longer in the group).
    var allEntriesNotFound: Bool {
        !entryStatuses.isEmpty && entryStatuses.allSatisfy { $0 == 404 }
    }
}
