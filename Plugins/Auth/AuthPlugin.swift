import ImptPluginAPI
import ImptPluginKit

let authPlugin = PluginDefinition(
    group: "auth", summary: "Authentication commands.",
    version: ImptPluginVersion.current,
    commands: [AuthLogin.self, AuthLogout.self, AuthInfo.self])

@_cdecl("impt_plugin_entry")
public func imptPluginEntry(_ host: UnsafePointer<impt_host>?) -> UnsafePointer<impt_plugin_descriptor> {
    authPlugin.descriptor(host: host)
}
