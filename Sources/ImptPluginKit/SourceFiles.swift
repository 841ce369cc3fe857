import ImptProjectPaths
#if canImport(Glibc)
import Glibc
#endif
import ImptJSONText

/// Why a source file cannot be read or written.
public enum SourceFileProblem: Error, Equatable {
    /// Nothing exists at the path.
    case notFound
    /// The path names a directory.
    case directory
    /// The path names something other than a regular file (a device, a FIFO, a socket).
    case notRegularFile
    /// The path is a symbolic link (refused when writing: impt writes only files it creates).
    case symbolicLink
    /// The file holds more bytes than `SourceFiles.maximumSize`.
    case tooLarge(size: Int)
    /// The bytes are not UTF-8: the offset of the first invalid byte.
    case notUTF8(offset: Int)
    /// The file contains a NUL byte at this offset.
    case nulByte(offset: Int)
    /// What the system said (`strerror`).
    case system(String)

    /// The explanation shown after the file name.
    public var reason: String {
        switch self {
        case .notFound: return "file is not found"
        case .directory: return "it is a directory, not a file"
        case .notRegularFile: return "it is not a regular file"
        case .symbolicLink: return "it is a symbolic link; impt does not write through links"
        case .tooLarge(let size):
            return "it has \(size) bytes, more than the \(SourceFiles.maximumSize) bytes impCentral accepts for source code"
        case .notUTF8(let offset): return "it is not UTF-8 text (invalid byte at offset \(offset))"
        case .nulByte(let offset): return "it contains a NUL byte (at offset \(offset))"
        case .system(let text): return text
        }
    }
}

/// Device and agent source files, read and written as exact bytes with plain system calls.
///
/// Reading returns the text unchanged (a byte order mark, CR LF line ends and any other UTF-8 are
/// kept) after checking that the file is a regular file within `maximumSize` bytes and that its
/// bytes are UTF-8 without NUL bytes: impCentral carries code as JSON strings, which cannot hold
/// other bytes exactly. Writing goes through a new temporary file in the target's directory that is
/// renamed over the target, so a target is either left as it was or holds the whole new content.
public enum SourceFiles {
    /// Why `path` cannot be a Project's source file, or nil: it must stay inside the current
    /// directory (the Project's) after resolving symbolic links; an absolute path, `..` leading
    /// out, or a link pointing elsewhere is refused. The host applies the same rule to every
    /// project file it loads or saves.
    public static func locationProblem(_ path: String) -> String? {
        SourcePathRule.violation(of: path, in: ".")?.reason
    }

    /// The largest source file accepted, in bytes (impCentral refuses longer `device_code` and
    /// `agent_code` attributes).
    public static let maximumSize = 4_000_000

    /// What is at a path, without following a final symbolic link.
    public enum Kind: Equatable {
        case missing, regularFile, directory, symbolicLink, other
    }

    public static func kind(_ path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        return kind(mode: info.st_mode)
    }

    /// What is at a path after following symbolic links (`.missing` for a dangling link).
    public static func targetKind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return kind(mode: info.st_mode)
    }

    private static func kind(mode: mode_t) -> Kind {
        switch mode & S_IFMT {
        case S_IFREG: return .regularFile
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    // MARK: Reading

    /// The text of a source file (symbolic links are followed when reading).
    public static func read(_ path: String, limit: Int = maximumSize) throws(SourceFileProblem) -> String {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below anyway.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw systemProblem() }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw systemProblem() }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .directory
        default: throw .notRegularFile
        }
        let size = Int(info.st_size)
        guard size <= limit else { throw .tooLarge(size: size) }
        // Read straight into the string's storage (one copy of a megabyte, not two). That
        // initializer replaces invalid UTF-8 with U+FFFD, so text holding U+FFFD is read again
        // as bytes and checked strictly, which names the offset of an invalid byte.
        var outcome: Result<Int, SourceFileProblem> = .success(0)
        let text = String(unsafeUninitializedCapacity: min(size, limit) + 1) { buffer in
            // One byte more than the limit tells a file that grew meanwhile from one that fits.
            outcome = readFully(fd, into: UnsafeMutableRawBufferPointer(buffer))
            let count = (try? outcome.get()) ?? 0
            return count <= limit ? count : 0
        }
        let count = try outcome.get()
        guard count <= limit else { throw .tooLarge(size: count) }
        if JSONText.containsReplacementCharacter(text) {
            guard lseek(fd, 0, SEEK_SET) == 0 else { throw systemProblem() }
            var bytes = [UInt8](repeating: 0, count: count)
            let got = try bytes.withUnsafeMutableBytes { readFully(fd, into: $0) }.get()
            bytes.removeLast(count - got)
            return try Self.text(bytes)
        }
        if let nul = JSONText.nulOffset(text) { throw .nulByte(offset: nul) }
        return text
    }

    /// Reads from `fd` until `buffer` is full or the file ends: the number of bytes read.
    private static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, SourceFileProblem> {
        var count = 0
        while count < buffer.count {
            let got = Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
            if got < 0 {
                if errno == EINTR { continue }
                return .failure(systemProblem())
            }
            if got == 0 { break }
            count += got
        }
        return .success(count)
    }

    /// Checks that bytes are UTF-8 without NUL bytes and returns them as a string.
    public static func text(_ bytes: [UInt8]) throws(SourceFileProblem) -> String {
        if let nul = JSONText.nulOffset(bytes) { throw .nulByte(offset: nul) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .notUTF8(offset: firstInvalidUTF8Offset(bytes))
        }
        return text
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return offset
            }
        }
    }

    // MARK: Writing

    /// One file to write.
    public struct Replacement {
        public var path: String
        public var text: String
        public init(path: String, text: String) {
            self.path = path
            self.text = text
        }
    }

    /// A failed write: the file and the reason.
    public struct WriteFailure: Error {
        public let path: String
        public let problem: SourceFileProblem
    }

    /// Replaces (or creates) every file with its text, all or nothing as far as the file system
    /// allows: each text is first written in full to a temporary file created next to its target
    /// (`O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600, then the target's mode, or 0666 less the umask for
    /// a new file) and synced; only when all are written are they renamed over their targets.
    /// A target that is a symbolic link, a directory or another non-regular file is refused before
    /// anything is written. Interrupt signals wait until the renames are done.
    public static func replace(_ files: [Replacement]) throws(WriteFailure) {
        var modes: [mode_t] = []
        for file in files {
            let (mode, problem) = targetMode(file.path)
            if let problem { throw WriteFailure(path: file.path, problem: problem) }
            modes.append(mode)
        }
        let signals = InterruptSignals.block()
        defer { signals.restore() }
        var temporaries: [String] = []
        do throws(WriteFailure) {
            for (file, mode) in zip(files, modes) {
                temporaries.append(try writeTemporary(file, mode: mode))
            }
        } catch {
            for temporary in temporaries { unlink(temporary) }
            throw error
        }
        for (index, file) in files.enumerated() {
            guard rename(temporaries[index], file.path) == 0 else {
                let problem = systemProblem()
                for temporary in temporaries[index...] { unlink(temporary) }
                throw WriteFailure(path: file.path, problem: problem)
            }
        }
        for directory in Set(files.map { directoryName($0.path) }) { syncDirectory(directory) }
    }

    /// The mode the new file gets, or why the target cannot be replaced.
    private static func targetMode(_ path: String) -> (mode_t, SourceFileProblem?) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno != ENOENT { return (0, systemProblem()) }
            let mask = umask(0)
            umask(mask)
            return (0o666 & ~mask, nil)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return (info.st_mode & 0o777, nil)
        case S_IFLNK: return (0, .symbolicLink)
        case S_IFDIR: return (0, .directory)
        default: return (0, .notRegularFile)
        }
    }

    private static func writeTemporary(_ file: Replacement, mode: mode_t) throws(WriteFailure) -> String {
        let directory = directoryName(file.path)
        let base = file.path.split(separator: "/").last.map(String.init) ?? file.path
        var attempts = 0
        while true {
            attempts += 1
            let temporary = join(directory, ".\(base).impt-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd < 0 {
                if errno == EEXIST && attempts < 16 { continue }
                throw WriteFailure(path: file.path, problem: systemProblem())
            }
            var problem: SourceFileProblem?
            var text = file.text
            text.withUTF8 { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        problem = systemProblem()
                        return
                    }
                    offset += written
                }
            }
            if problem == nil, fchmod(fd, mode) != 0 || fsync(fd) != 0 { problem = systemProblem() }
            if close(fd) != 0, problem == nil { problem = systemProblem() }
            if let problem {
                unlink(temporary)
                throw WriteFailure(path: file.path, problem: problem)
            }
            return temporary
        }
    }

    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func systemProblem() -> SourceFileProblem {
        switch errno {
        case ENOENT: return .notFound
        case EISDIR: return .directory
        default: return .system(String(cString: strerror(errno)))
        }
    }
}

/// SIGINT, SIGTERM and SIGHUP held back while files are replaced, so that an interrupted command
/// leaves no temporary file behind and no target half-replaced.
private struct InterruptSignals {
    var previous = sigset_t()

    static func block() -> InterruptSignals {
        var signals = InterruptSignals()
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, &signals.previous)
        return signals
    }

    func restore() {
        var previous = self.previous
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }
}
