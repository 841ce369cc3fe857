import ImptPluginAPI
import ImptPluginKit

let projectPlugin = PluginDefinition(
    group: "project", summary: "Project manipulation commands.",
    description: "A Project is a directory whose .impt.project file links a Device Group to the device and agent "
        + "source files beside it, so that commands run there need no --dg, --product, --build or file options.",
    version: ImptPluginVersion.current,
    commands: [ProjectCreate.self, ProjectDelete.self, ProjectInfo.self, ProjectLink.self, ProjectUpdate.self])

@_cdecl("impt_plugin_entry")
public func imptPluginEntry(_ host: UnsafePointer<impt_host>?) -> UnsafePointer<impt_plugin_descriptor> {
    projectPlugin.descriptor(host: host)
}

/// The options the project commands share.
enum ProjectOptions {
    static func deviceFile(default value: String?) -> OptionDefinition {
        .string(
            "device-file", "x", value: "device_file",
            help: "The Project's file with the device source code; created empty when it does not exist.", defaultValue: value)
    }

    static func agentFile(default value: String?) -> OptionDefinition {
        .string(
            "agent-file", "y", value: "agent_file",
            help: "The Project's file with the agent source code; created empty when it does not exist.", defaultValue: value)
    }

    static let name = OptionDefinition.string("name", "n", value: "device_group_name", help: "Name of the Project's Device Group.")

    static let description = OptionDefinition.string(
        "descr", "s", value: "device_group_description", help: "Description of the Project's Device Group.", allowEmpty: true)

    static let dut = OptionDefinition.string(
        "dut", "u", value: "DEVICE_GROUP_IDENTIFIER",
        help: "The DUT target of a pre-factory Project: a pre-dut Device Group of the same Product.")

    static let target = OptionDefinition.string(
        "target", "t", value: "DEVICE_GROUP_IDENTIFIER",
        help: "The production target of a pre-factory Project: a pre-production Device Group of the same Product.")

    static let confirmed = OptionDefinition.flag(
        "confirmed", "q", help: "Goes ahead without asking, also when the directory already has a Project File.")
}
