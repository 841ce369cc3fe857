import ImptPluginAPI
import ImptPluginKit

/// `impt auth logout`: deletes the global or local auth file.
struct AuthLogout: Command {
    static let configuration = CommandConfiguration(
        name: "logout", summary: "Deletes the global or local auth file.",
        description: "Logs out by deleting the global auth file, or with --local the auth file of the current directory.")

    @Option("local", "l", help: "Deletes the local auth file of the current directory instead of the global one.")
    var local: Bool

    func run(_ context: Context) throws(PluginFailure) {
        try context.deleteAuthFile(local: local)
        context.info("\(local ? "Local" : "Global") logout is successful.")
    }
}
