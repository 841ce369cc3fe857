import ImptPluginAPI
import ImptPluginKit

let logPlugin = PluginDefinition(
    group: "log", summary: "Logs manipulation commands.",
    version: ImptPluginVersion.current,
    commands: [LogGet.self, LogStream.self])

@_cdecl("impt_plugin_entry")
public func imptPluginEntry(_ host: UnsafePointer<impt_host>?) -> UnsafePointer<impt_plugin_descriptor> {
    logPlugin.descriptor(host: host)
}
