import ImptPluginAPI
import ImptPluginKit

/// The `Project` object that create, link, update and info print.
enum ProjectView {
    /// `{"Project": {"Device file", "Agent file", "Device Group": {...}}}`, plus the sibling
    /// `"Auth"` object with `full`.
    static func build(_ context: Context, _ project: Project, group: Value, full: Bool) throws(PluginFailure) -> Value {
        let shown = try context.display(IMPT_ENTITY_DEVICE_GROUP, full ? IMPT_DISPLAY_FULL : IMPT_DISPLAY_INFO, group)
        let typeName = Context.typeName(IMPT_ENTITY_DEVICE_GROUP)
        var members: [(String, JSONLiteral)] = [
            (
                "Project",
                .object([
                    ("Device file", .string(project.deviceFile)), ("Agent file", .string(project.agentFile)),
                    (typeName, .value(shown[typeName] ?? context.make(.object([])))),
                ])
            )
        ]
        if full {
            let (auth, failure) = try context.authInfo()
            if let failure { throw failure }
            if let auth { members += auth.keys.compactMap { key in auth[key].map { (key, .value($0)) } } }
        }
        return context.make(.object(members))
    }

    /// Reads the Project's Device Group again (it may just have changed) and prints the Project.
    static func show(_ context: Context, _ project: Project, message: String, full: Bool = false) throws(PluginFailure) {
        let group = try context.resolve(IMPT_ENTITY_DEVICE_GROUP, project.deviceGroupID, flags: UInt32(IMPT_RESOLVE_ID_ONLY))
        let view = try build(context, project, group: group.data, full: full)
        context.info(message)
        context.result(view)
    }
}
