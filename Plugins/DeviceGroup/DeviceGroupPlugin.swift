import ImptPluginAPI
import ImptPluginKit

let deviceGroupPlugin = PluginDefinition(
    group: "dg", summary: "Device Group manipulation commands.",
    version: ImptPluginVersion.current,
    commands: [
        DeviceGroupBuilds.self, DeviceGroupCreate.self, DeviceGroupDelete.self, DeviceGroupInfo.self, DeviceGroupList.self,
        DeviceGroupReassign.self, DeviceGroupRestart.self, DeviceGroupUnassign.self, DeviceGroupUpdate.self,
    ])

@_cdecl("impt_plugin_entry")
public func imptPluginEntry(_ host: UnsafePointer<impt_host>?) -> UnsafePointer<impt_plugin_descriptor> {
    deviceGroupPlugin.descriptor(host: host)
}

/// `--dg`, shared by the commands that act on one Device Group.
let deviceGroupOption = OptionDefinition.string(
    "dg", "g", value: "DEVICE_GROUP_IDENTIFIER",
    help: "The Device Group: its id or name, or {account}{product}{device group} to name it within a Product.",
    fromProject: true)

/// `--env-variable`, shared by create and update.
let environmentOption = OptionDefinition.string(
    "env-variable", "e", value: "JSON_object",
    help: "User environment variables of the Device Group as a JSON object, e.g. '{\"key\": \"value\", \"count\": 2}'. "
        + "Keys are letters and digits starting with a letter; values are strings or numbers.",
    usageTrailing: true)
