/// Commands the host provides itself. Their group names cannot be taken by plugins.
public enum HostCommands {
    /// `impt plugins list`: the installed plugins and their state.
    public static let pluginsGroup = "plugins"
    public static let reservedGroups: Set<String> = [pluginsGroup]
}
