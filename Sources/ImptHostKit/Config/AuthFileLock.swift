#if canImport(Glibc)
import Glibc
#endif
import ImptPluginAPI

/// The lock that orders writes of one auth file between impt processes: an exclusive `flock` on
/// `<auth file>.lock` beside it (created readable by its owner only, never through a symbolic
/// link). A login writes, and a token renewal compares and writes, while holding it. The lock
/// file stays in place: removing it would let two processes lock different files.
enum AuthFileLock {
    /// How long to wait for another impt to release the lock (it holds it for a read and a write).
    static let waitMilliseconds: Int64 = 10_000

    static func path(for authFile: String) -> String { authFile + ".lock" }

    /// Runs `body` while holding the lock of `authFile`.
    static func holding<T>(_ authFile: String, _ body: () throws(ImptError) -> T) throws(ImptError) -> T {
        let lockPath = path(for: authFile)
        let fd = open(lockPath, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        // Without a lock file (a missing or read-only directory, or a link planted in its place)
        // the body runs unlocked; writing the auth file then reports the directory's problem.
        guard fd >= 0 else { return try body() }
        defer { close(fd) }  // closing the descriptor releases the lock
        let deadline = Clock.monotonicMilliseconds() + waitMilliseconds
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw .file(FileError.fromErrno(lockPath)) }
            guard Clock.monotonicMilliseconds() < deadline else {
                throw .file(FileError(path: lockPath, reason: "locked by another impt for more than \(waitMilliseconds / 1000) seconds"))
            }
            Clock.sleep(milliseconds: 5)
        }
        return try body()
    }
}
