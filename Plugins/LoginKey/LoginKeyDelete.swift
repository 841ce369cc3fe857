import ImptPluginAPI
import ImptPluginKit

/// `impt loginkey delete`.
enum LoginKeyDelete {
    static let definition = CommandDefinition(
        name: "delete", summary: "Deletes a login key.",
        description: "Deletes a login key of your account: scripts and stations logged in with it can no longer renew "
            + "their access. Shows the key and asks first. impCentral asks for your password to do so: give it with "
            + "--pwd, or impt asks for it after the confirmation.",
        options: [
            loginKeyOption, passwordOption,
            .flag("confirmed", "q", help: "Deletes without asking for confirmation."),
        ],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CString, CString, Bool) -> Int32 = { ctx, key, password, confirmed in
        Context.run(ctx) { context throws(PluginFailure) in
            let found = try context.resolve(IMPT_ENTITY_LOGIN_KEY, Arguments.string(key) ?? "")
            var plan = DeletionPlan()
            plan.delete(IMPT_ENTITY_LOGIN_KEY, ref: found.ref, found.data, password: .required(given: Arguments.string(password)))
            try plan.run(context, confirmed: confirmed)
        }
    }
}
