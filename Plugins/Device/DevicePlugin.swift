import ImptPluginAPI
import ImptPluginKit

let devicePlugin = PluginDefinition(
    group: "device", summary: "Device manipulation commands.",
    version: ImptPluginVersion.current,
    commands: [
        DeviceAssign.self, DeviceInfo.self, DeviceList.self, DeviceRemove.self, DeviceRestart.self, DeviceUnassign.self,
        DeviceUpdate.self,
    ])

@_cdecl("impt_plugin_entry")
public func imptPluginEntry(_ host: UnsafePointer<impt_host>?) -> UnsafePointer<impt_plugin_descriptor> {
    devicePlugin.descriptor(host: host)
}

/// `--device` of the commands that act on one Device.
let deviceOption = OptionDefinition.string(
    "device", "d", value: "DEVICE_IDENTIFIER", help: "The Device: its id, MAC address, agent id or name.", required: true)

/// `--device` of the commands that can act on many Devices at once (fleet operations).
let devicesOption: OptionDefinition = {
    var option = OptionDefinition.list(
        "device", "d", value: "DEVICE_IDENTIFIER",
        help: "The Device: its id, MAC address, agent id or name. Repeat it to act on several Devices; "
            + "\"-\" reads identifiers from standard input, one per line or as the JSON of \"impt device list -z json\".")
    option.flags |= UInt32(IMPT_OPTION_REQUIRED)
    return option
}()

/// `--confirmed`, shared by the commands that ask before they act.
let confirmedOption = OptionDefinition.flag("confirmed", "q", help: "Goes ahead without asking for confirmation.")
