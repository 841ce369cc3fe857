import ImptPluginAPI
import ImptPluginKit

let accountPlugin = PluginDefinition(
    group: "account", summary: "Account information commands.",
    description: "Shows the account you are logged in to and the accounts it can see (those it collaborates with).",
    version: ImptPluginVersion.current,
    commands: [AccountList.self, AccountInfo.self])

@_cdecl("impt_plugin_entry")
public func imptPluginEntry(_ host: UnsafePointer<impt_host>?) -> UnsafePointer<impt_plugin_descriptor> {
    accountPlugin.descriptor(host: host)
}
