import ImptPluginAPI
import ImptPluginKit

/// `impt auth logout`: deletes the global or local auth file.
enum AuthLogout {
    static let definition = CommandDefinition(
        name: "logout", summary: "Deletes the global or local auth file.",
        description: "Logs out by deleting the global auth file, or with --local the auth file of the current directory.",
        options: [.flag("local", "l", help: "Deletes the local auth file of the current directory instead of the global one.")],
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, Bool) -> Int32 = { ctx, local in
        Context.run(ctx) { context throws(PluginFailure) in
            try context.deleteAuthFile(local: local)
            context.info("\(local ? "Local" : "Global") logout is successful.")
        }
    }
}
