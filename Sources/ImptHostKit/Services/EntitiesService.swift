import ImptPluginAPI

/// "impt.entities/1": identification, display and deletion of impCentral entities.
enum EntitiesService {
    private static let invalid = Int32(IMPT_ERR_INVALID_ARGUMENT.rawValue)

    private static func kind(_ raw: Int32) throws(ImptError) -> EntityKind {
        guard let kind = EntityKind(rawValue: raw) else { throw .invalidArgument("unknown entity kind \(raw)") }
        return kind
    }

    nonisolated(unsafe) private static let typeNames: [Int32: UnsafePointer<CChar>] = Dictionary(
        uniqueKeysWithValues: EntityKind.allCases.map { ($0.rawValue, UnsafePointer(CString.duplicate($0.typeName))) })

    nonisolated(unsafe) static let table = permanent(
        impt_entities_v1(
            header: hostHeader(impt_entities_v1.self),
            resolve: { ctx, rawKind, identifier, flags, out in
                guard let invocation = Invocation.from(ctx), let out else { return invalid }
                return invocation.status {
                    let entity = try Identification(invocation: invocation).resolve(
                        try kind(rawKind), identifier.map { String(cString: $0) },
                        idOnly: flags & UInt32(IMPT_RESOLVE_ID_ONLY) != 0,
                        useProject: flags & UInt32(IMPT_RESOLVE_NO_PROJECT) == 0)
                    out.pointee = invocation.values.handle(for: entity.json)
                }
            },
            find: { ctx, rawKind, identifier, out in
                guard let invocation = Invocation.from(ctx), let identifier, let out else { return invalid }
                return invocation.status {
                    let ids = try Identification(invocation: invocation).find(try kind(rawKind), String(cString: identifier))
                    out.pointee = invocation.values.handle(for: .array(ids.map { .string($0) }))
                }
            },
            display: { ctx, rawKind, rawSet, resource, out in
                guard let invocation = Invocation.from(ctx), let out else { return invalid }
                return invocation.status {
                    guard let set = DisplaySet(rawValue: rawSet) else { throw ImptError.invalidArgument("unknown data set \(rawSet)") }
                    guard let value = invocation.values.value(resource), value["id"] != nil else {
                        throw ImptError.invalidArgument("display needs a resource with an id")
                    }
                    let shown = try Display(invocation: invocation).render(try kind(rawKind), set, value)
                    out.pointee = invocation.values.handle(for: shown)
                }
            },
            type_name: { rawKind in typeNames[rawKind] },
            delete_plan: { ctx, plan, confirmed in
                guard let invocation = Invocation.from(ctx) else { return invalid }
                return invocation.status {
                    let plan = try DeletePlan(invocation.values.value(plan) ?? .null)
                    try DeleteFlow(invocation: invocation).run(plan, confirmed: confirmed)
                }
            }
        ))
}
