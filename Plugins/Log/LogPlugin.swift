import ImptPluginAPI
import ImptPluginKit

let logPlugin = PluginDefinition(
    group: "log", summary: "Logs manipulation commands.",
    version: ImptPluginVersion.current,
    commands: [LogGet.definition, LogStream.definition])

@_cdecl("impt_plugin_entry")
public func imptPluginEntry(_ host: UnsafePointer<impt_host>?) -> UnsafePointer<impt_plugin_descriptor> {
    logPlugin.descriptor(host: host)
}
