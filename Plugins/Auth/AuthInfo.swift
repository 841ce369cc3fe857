import ImptPluginAPI
import ImptPluginKit

/// `impt auth info`: which credentials apply in the current directory, and for which account.
struct AuthInfo: Command {
    static let configuration = CommandConfiguration(
        name: "info", summary: "Shows the authentication in effect for the current directory.",
        description: "Shows which credentials impt uses in the current directory (local auth file, IMPT_AUTH_FILE_PATH, "
            + "environment variables or global auth file), the endpoint, the token state and the account.")

    func run(_ context: Context) throws(PluginFailure) {
        let (info, failure) = try context.authInfo()
        if let failure {
            if let info, info.count > 0 { context.infoResult(info) }
            throw failure
        }
        if let info { context.result(info) }
    }
}
