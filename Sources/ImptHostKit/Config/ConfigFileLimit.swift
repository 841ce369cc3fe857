/// The largest auth, project or plugin settings file impt reads (1 MiB). These files hold a few
/// hundred bytes; anything larger, or anything that is not a regular file (a FIFO, a device, a
/// directory), is reported as corrupted instead of being read (Docs/UserGuide.md, "Limits").
public enum ConfigFileLimit {
    public static let bytes = 1 << 20

    /// Reads a configuration file within the limit; nil when it cannot be read as one.
    static func read(_ path: String) -> [UInt8]? {
        try? FileSystem.readRegularFile(path, limit: bytes)
    }
}
