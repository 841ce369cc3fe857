import ImptPluginAPI
import ImptPluginKit

let buildPlugin = PluginDefinition(
    group: "build", summary: "Build manipulation commands.",
    version: ImptPluginVersion.current,
    commands: [
        BuildCleanup.self, BuildCopy.self, BuildDelete.self, BuildDeploy.self, BuildGet.self, BuildInfo.self, BuildList.self,
        BuildRun.self, BuildUpdate.self,
    ])

@_cdecl("impt_plugin_entry")
public func imptPluginEntry(_ host: UnsafePointer<impt_host>?) -> UnsafePointer<impt_plugin_descriptor> {
    buildPlugin.descriptor(host: host)
}

/// The options the build commands share.
enum BuildOptions {
    static let identifierHelp = "The Deployment: its id, sha, a tag or its origin."

    /// `--build`, defaulting to the current Deployment of the project's Device Group.
    static let build = OptionDefinition.string(
        "build", "b", value: "BUILD_IDENTIFIER",
        help: identifierHelp + " Without it, the current Deployment of the project's Device Group.", fromProject: true)

    /// `--dg`, defaulting to the project's Device Group.
    static let deviceGroup = OptionDefinition.string(
        "dg", "g", value: "DEVICE_GROUP_IDENTIFIER",
        help: "The Device Group: its id or name, or {account}{product}{device group}.", fromProject: true)

    static let descriptionText = OptionDefinition.string(
        "descr", "s", value: "build_description", help: "Description of the Deployment.", allowEmpty: true)

    static let flagged = OptionDefinition.boolean(
        "flagged", "f", help: "Marks the Deployment as flagged (true) or not (false); flagged Deployments cannot be deleted.")

    static let confirmed = OptionDefinition.flag("confirmed", "q", help: "Goes ahead without asking for confirmation.")

    // The options that describe new code, shared by `build deploy` and `build run`, which declare them in
    // this order: deviceGroup, deviceFile, agentFile, descriptionText, origin, tag, flagged.

    static let deviceFile = OptionDefinition.string(
        "device-file", "x", value: "device_file",
        help: "File with the device code. Without it, the project's device file; without a project, empty code.")

    static let agentFile = OptionDefinition.string(
        "agent-file", "y", value: "agent_file",
        help: "File with the agent code. Without it, the project's agent file; without a project, empty code.")

    static let origin = OptionDefinition.string(
        "origin", "o", value: "origin", help: "Where the code comes from (free text, e.g. a repository URL).", allowEmpty: true)

    static let tag = OptionDefinition.list("tag", "t", value: "tag", help: "A tag for the Deployment: letters, digits and _ - * . only.")
}
