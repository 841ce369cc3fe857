import ImptPluginAPI
import ImptPluginKit

/// `impt log stream`: the live logs of Devices until Ctrl-C.
struct LogStream: Command {
    static let configuration = CommandConfiguration(
        name: "stream", summary: "Displays logs of Devices in real time.",
        description: "Streams the log entries of the given Devices, and of every Device of the given Device Groups, "
            + "until Ctrl-C. Without --device and --dg, the Devices of the project's Device Group are streamed. When "
            + "the connection drops, impt reconnects, shows the entries it missed from the Devices' log history and "
            + "marks a gap where the history does not reach back far enough.",
        examples: "impt log stream --device 234776801163a9ee\nimpt log stream --dg MyDG --output json | jq .msg")

    @Option("device", "d", value: "DEVICE_IDENTIFIER", help: "A Device: its id, MAC address, agent id or name.")
    var devices: [String]
    @Option(
        "dg", "g", value: "DEVICE_GROUP_IDENTIFIER",
        help: "A Device Group whose Devices are streamed: its id or name, or {account}{product}{device group}.")
    var groups: [String]
    @Option(LogStreamOptions.noReconnect) var noReconnect: Bool

    func run(_ context: Context) throws(PluginFailure) {
        let found = try LogDevices.resolve(context, devices: devices, groups: groups)
        try LogStreamer(context: context, deviceIDs: found.compactMap(\.id), reconnect: !noReconnect).run()
    }
}
