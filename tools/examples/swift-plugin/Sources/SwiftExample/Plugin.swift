import ImptPluginAPI
import ImptPluginKit

/// The `swift-example` group: every command is a `Command` type whose options are its properties.
let plugin = PluginDefinition(
    group: "swift-example", summary: "Example commands from a plugin written in Swift.",
    description: "Example commands from a third-party plugin written in Swift with impt's SDK, built outside impt.",
    version: "1.0.0",
    commands: [Tally.self, Products.self])

@_cdecl("impt_plugin_entry")
public func imptPluginEntry(_ host: UnsafePointer<impt_host>?) -> UnsafePointer<impt_plugin_descriptor> {
    plugin.descriptor(host: host)
}
