/// The options of commands that stream logs, declared once for every group.
public enum LogStreamOptions {
    /// `--log` of the restart commands.
    public static let log = OptionDefinition.flag(
        "log", "l", help: "Streams the logs of the restarted Devices afterwards (as impt log stream does), until Ctrl-C.")

    /// `--no-reconnect`: the original's reaction to a dropped stream, without reading history.
    public static let noReconnect = OptionDefinition.flag(
        "no-reconnect",
        help: "When the log stream drops, ends with an error instead of reconnecting and showing the missed entries "
            + "from the Devices' log history.")
}
