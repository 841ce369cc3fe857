import CImptVersion

/// The version of impt the SDK comes with (`IMPT_VERSION` in impt_version.h): the version the core
/// plugins report. A plugin of another project reports its own.
public enum ImptPluginVersion {
    public static let current = String(cString: impt_version())
}
