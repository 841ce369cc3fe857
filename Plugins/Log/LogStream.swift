import ImptPluginAPI
import ImptPluginKit

/// `impt log stream`: the live logs of Devices until Ctrl-C.
enum LogStream {
    static let definition = CommandDefinition(
        name: "stream", summary: "Displays logs of Devices in real time.",
        description: "Streams the log entries of the given Devices, and of every Device of the given Device Groups, "
            + "until Ctrl-C. Without --device and --dg, the Devices of the project's Device Group are streamed. When "
            + "the connection drops, impt reconnects, shows the entries it missed from the Devices' log history and "
            + "marks a gap where the history does not reach back far enough.",
        options: [
            .list("device", "d", value: "DEVICE_IDENTIFIER", help: "A Device: its id, MAC address, agent id or name."),
            .list(
                "dg", "g", value: "DEVICE_GROUP_IDENTIFIER",
                help: "A Device Group whose Devices are streamed: its id or name, or {account}{product}{device group}."),
            LogStreamOptions.noReconnect,
        ],
        examples: "impt log stream --device 234776801163a9ee\nimpt log stream --dg MyDG --output json | jq .msg",
        handler: cHandler(handler))

    static let handler: @convention(c) (CContext, CStringList, CStringList, Bool) -> Int32 = {
        ctx, devices, groups, noReconnect in
        Context.run(ctx) { context throws(PluginFailure) in
            let found = try LogDevices.resolve(context, devices: Arguments.list(devices), groups: Arguments.list(groups))
            try LogStreamer(context: context, deviceIDs: found.compactMap(\.id), reconnect: !noReconnect).run()
        }
    }
}
