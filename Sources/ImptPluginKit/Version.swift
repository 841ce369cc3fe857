/// Version of the plugins built with this SDK alongside impt.
public enum ImptPluginVersion {
    public static let current = "3.0.0"
}
