import CImptSystem
import ImptPluginAPI

/// One running command: its output, its values, its recorded failure and the services' state
/// (auth context, caches). Plugins see it as the opaque `impt_context *`.
public final class Invocation {
    nonisolated(unsafe) private static var nextSerial: UInt32 = 1
    /// The invocation whose handler is running. Commands run one at a time on the main thread.
    nonisolated(unsafe) static var current: Invocation?
    /// Finished invocations, kept so that their values are not torn down one by one just before
    /// the process exits.
    nonisolated(unsafe) static var retired: [Invocation] = []

    let serial: UInt32
    public let console: Console
    public let environment: Environment
    public let directory: String
    let values: ValueArena
    /// The command group of the running plugin (its settings namespace in impt.config/2).
    public var group: String?
    var failure: ImptError?
    /// The help of the running command, printed before usage errors.
    var commandHelp: String?

    /// impCentral access, created on first use (it loads libcurl).
    private var sessionStorage: ApiSession?

    public init(console: Console, environment: Environment = .current, directory: String = FileSystem.currentDirectory) {
        serial = Invocation.nextSerial
        Invocation.nextSerial &+= 1
        if Invocation.nextSerial == 0 { Invocation.nextSerial = 1 }
        self.console = console
        self.environment = environment
        self.directory = directory
        values = ValueArena(serial: serial)
        _ = Invocation.finishOnExit
    }

    /// When a handler ends the process with exit() (directly or through a library), what the host
    /// buffered is still written, the progress line erased and the status line printed for the
    /// exit status (SUCCEEDS for 0, FAILS otherwise), so scripts still find it last.
    private static let finishOnExit: Void = impt_on_exit { status in
        guard let invocation = Invocation.current else { return }
        Invocation.current = nil
        invocation.console.finish(success: status == 0)
    }

    /// The handle plugins receive.
    var contextHandle: OpaquePointer {
        OpaquePointer(bitPattern: Int(serial) << 8 | 0x1)!
    }

    /// The invocation behind a context handle, if it is the running one.
    static func from(_ handle: OpaquePointer?) -> Invocation? {
        guard let current, let handle, handle == current.contextHandle else { return nil }
        return current
    }

    var session: ApiSession {
        if let sessionStorage { return sessionStorage }
        let session = ApiSession(invocation: self)
        sessionStorage = session
        return session
    }

    /// Records a failure and returns its status (for the C adapters).
    @discardableResult
    func record(_ error: ImptError) -> Int32 {
        failure = error
        return error.status
    }

    /// Runs `body` and converts its outcome into a status for a C caller.
    func status(_ body: () throws -> Void) -> Int32 {
        do {
            try body()
            return Int32(IMPT_OK.rawValue)
        } catch let error as ImptError {
            return record(error)
        } catch {
            return record(.internalError("\(error)"))
        }
    }

    /// Prints the recorded failure the way the original impt does.
    func report(_ error: ImptError) {
        if error.status == Int32(IMPT_ERR_USAGE.rawValue), let commandHelp {
            console.write(commandHelp)
        }
        for line in error.lines {
            switch line {
            case .error(let text): console.error(text)
            case .info(let text): console.info(text)
            case .entities(let value):
                if console.mode != .json { console.result(value) }
            }
        }
    }
}
