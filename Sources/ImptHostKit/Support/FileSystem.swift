#if canImport(Glibc)
import Glibc
#endif
import CImptSystem

/// A failed file operation, with the system's reason.
public struct FileError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }

    static func fromErrno(_ path: String) -> FileError {
        FileError(path: path, reason: errno == ENOENT ? "file is not found" : String(cString: strerror(errno)))
    }
}

/// Small wrappers over the C library for the files impt reads and writes.
public enum FileSystem {
    public struct Status: Equatable, Sendable {
        public var size: Int64
        /// Modification time in nanoseconds since the epoch.
        public var modified: Int64
        /// Status change time in nanoseconds since the epoch: set by the system whenever the file
        /// is replaced (a package upgrade renames a new file into place), whatever its mtime says.
        public var changed: Int64 = 0
        public var isRegularFile: Bool
        public var isDirectory: Bool
        /// Device and inode: two paths with the same pair name the same file.
        public var device: UInt64 = 0
        public var inode: UInt64 = 0
    }

    public static func status(_ path: String) -> Status? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let kind = info.st_mode & S_IFMT
        return Status(
            size: Int64(info.st_size),
            modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            changed: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec),
            isRegularFile: kind == S_IFREG, isDirectory: kind == S_IFDIR, device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    public static func read(_ path: String) throws(FileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.fromErrno(path) }
        defer { close(fd) }
        return try readToEnd(fd, path: path, limit: Int.max)
    }

    /// Reads `fd` to its end, failing once more than `limit` bytes arrived.
    private static func readToEnd(_ fd: Int32, path: String, limit: Int) throws(FileError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError.fromErrno(path)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit { throw FileError(path: path, reason: "is larger than \(limit) bytes") }
        }
        return bytes
    }

    /// Reads a file that must be a regular file of at most `limit` bytes: the way impt reads its
    /// own configuration (auth, project and settings files). A FIFO, a device such as /dev/zero,
    /// a directory or an oversized file fails instead of hanging or exhausting memory. Symbolic
    /// links are followed (a dotfile may be a link to a regular file).
    public static func readRegularFile(_ path: String, limit: Int) throws(FileError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not wait for a writer.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw FileError.fromErrno(path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError.fromErrno(path) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw FileError(path: path, reason: "is not a regular file") }
        guard info.st_size <= limit else { throw FileError(path: path, reason: "is larger than \(limit) bytes") }
        // The file may grow while it is read: the limit holds for what is read too.
        return try readToEnd(fd, path: path, limit: limit)
    }

    /// Writes through a temporary file and a rename, so readers never see a partial file.
    ///
    /// The temporary file is created next to `path` under a fresh random name with
    /// `O_CREAT | O_EXCL` (mkostemp) and mode 0600, so an existing file or a planted symbolic
    /// link is never opened or followed and the content is never readable by others, even
    /// briefly. It receives `mode` once written. The rename replaces `path` itself: when `path`
    /// is a symbolic link, the link is replaced, never its target.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws(FileError) {
        var template = Array("\(path).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { impt_create_temporary($0.baseAddress!) }
        guard fd >= 0 else { throw FileError.fromErrno(path) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        func fail() -> FileError {
            let error = FileError.fromErrno(path)
            close(fd)
            unlink(temporary)
            return error
        }
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw fail()
            }
            offset += count
        }
        // The umask must not widen or narrow the requested mode.
        guard fchmod(fd, mode) == 0 else { throw fail() }
        guard close(fd) == 0 else {
            let error = FileError.fromErrno(path)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = FileError.fromErrno(path)
            unlink(temporary)
            throw error
        }
    }

    public static func remove(_ path: String) throws(FileError) {
        guard unlink(path) == 0 else { throw FileError.fromErrno(path) }
    }

    public static func makeDirectories(_ path: String, mode: mode_t = 0o755) {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/" + component
            mkdir(partial, mode)
        }
    }

    /// Names in a directory (without "." and ".."), sorted; empty when it cannot be read. With a
    /// prefix or suffix, only the names that have them (compared before any string is made, so
    /// a large directory costs little).
    public static func list(_ directory: String, prefix: String = "", suffix: String = "") -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        let head = Array(prefix.utf8), tail = Array(suffix.utf8)
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String? in
                let bytes = raw.prefix { $0 != 0 }
                guard bytes.count >= head.count + tail.count, bytes.starts(with: head), bytes.suffix(tail.count).elementsEqual(tail)
                else { return nil }
                return String(decoding: bytes, as: UTF8.self)
            }
            if let name, name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public static var currentDirectory: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The path of the running executable, symbolic links resolved.
    public static var executablePath: String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of a path.
    public static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    public static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
