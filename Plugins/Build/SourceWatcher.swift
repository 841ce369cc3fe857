#if canImport(Glibc)
import Glibc
#endif

/// Watches source files for saves with inotify. The directories holding the files are watched, not
/// the files: an editor that saves by writing a temporary file and renaming it over the original
/// replaces the file's inode, which would end a watch on the file itself. Events are filtered by
/// file name.
final class SourceWatcher {
    /// Events that may mean new content: written and closed, modified, created, moved in, removed
    /// or moved away (the first half of a rename-save), and lost events (queue overflow).
    private static let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MODIFY) | UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)
        | UInt32(IN_DELETE) | UInt32(IN_MOVED_FROM)
    /// Bytes read from the descriptor at once; the loop reads until nothing is pending.
    private static let bufferSize = 64 * 1024
    /// Size of `struct inotify_event` before its name.
    private static let headerSize = 16

    /// The inotify descriptor (non-blocking), to wait on.
    let descriptor: Int32
    /// The watched names of each watch descriptor.
    private var names: [Int32: Set<String>] = [:]

    /// Why a watch cannot be set up: what the system said.
    struct Failure: Error {
        let reason: String
    }

    /// Watches `paths` (relative to the current directory or absolute).
    init(paths: [String]) throws(Failure) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { throw Failure(reason: Self.systemError()) }
        for path in paths {
            let (directory, name) = Self.split(path)
            let watch = inotify_add_watch(descriptor, directory, Self.mask)
            guard watch >= 0 else {
                let reason = "\(directory): \(Self.systemError())"
                close(descriptor)
                throw Failure(reason: reason)
            }
            names[watch, default: []].insert(name)
        }
    }

    deinit {
        close(descriptor)
    }

    /// Reads every pending event; true when one of them concerns a watched file (or events were
    /// lost, so that one may have).
    func drain() -> Bool {
        var relevant = false
        var buffer = [UInt8](repeating: 0, count: Self.bufferSize)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return relevant }
            if matches(buffer, count: count) { relevant = true }
        }
    }

    /// Whether the events in `buffer[0..<count]` concern a watched file.
    private func matches(_ buffer: [UInt8], count: Int) -> Bool {
        var offset = 0
        var found = false
        while offset + Self.headerSize <= count {
            let watch = Int32(bitPattern: Self.word(buffer, offset))
            let mask = Self.word(buffer, offset + 4)
            let length = Int(Self.word(buffer, offset + 12))
            let start = offset + Self.headerSize
            let end = min(start + length, count)
            let name = String(decoding: buffer[start..<end].prefix { $0 != 0 }, as: UTF8.self)
            if mask & UInt32(IN_Q_OVERFLOW) != 0 || names[watch]?.contains(name) == true { found = true }
            offset = end
        }
        return found
    }

    /// A 32-bit field of an event, in the machine's byte order.
    private static func word(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        let value = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
        return UInt32(littleEndian: value)
    }

    /// The directory to watch and the name to look for.
    private static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
