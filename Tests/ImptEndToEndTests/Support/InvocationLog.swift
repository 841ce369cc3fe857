import Foundation
import Synchronization

/// With `IMPT_TEST_INVOCATIONS=FILE` in the test run's environment, every impt command line a
/// test runs (in-process, as a process, on a terminal or in the background) is appended to FILE,
/// one JSON array of arguments per line. tools/test-coverage.sh reads it to list which commands
/// and options the suite exercises.
enum InvocationLog {
    private static let file: String? = ProcessInfo.processInfo.environment["IMPT_TEST_INVOCATIONS"]
    private static let lock = Mutex(())

    static func record(_ arguments: [String]) {
        guard let file, let data = try? JSONSerialization.data(withJSONObject: arguments) else { return }
        lock.withLock { _ in
            guard let handle = FileHandle(forWritingAtPath: file) ?? {
                FileManager.default.createFile(atPath: file, contents: nil)
                return FileHandle(forWritingAtPath: file)
            }() else { return }
            defer { try? handle.close() }
            handle.seekToEndOfFile()
            handle.write(data + Data("\n".utf8))
        }
    }
}
