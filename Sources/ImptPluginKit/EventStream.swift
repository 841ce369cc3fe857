import ImptPluginAPI

/// One Server-Sent Event.
public struct StreamEvent {
    /// The `event:` field, or "message".
    public let name: String
    /// The data lines joined with "\n".
    public let data: String
    /// The `id:` field, if any.
    public let id: String?
}

/// What a stream handler asks for next.
public enum StreamStep {
    case proceed
    /// End the stream now; `Context.stream` returns `.stopped`.
    case stop
}

/// Why `Context.stream` returned (failures are thrown instead).
public enum StreamEnd: Equatable {
    /// The server ended the response.
    case ended
    /// A handler returned `.stop`.
    case stopped
    /// The user pressed Ctrl-C (nothing is recorded as a failure).
    case interrupted
}

/// How a stream is opened and run (`impt_stream_options`).
public struct StreamSettings {
    /// Send the bearer token (impCentral's log stream GET needs none).
    public var authorized = false
    /// Silence that ends the stream with `IMPT_ERR_NETWORK`; 0 for impt's default (45 s).
    public var idleTimeoutMilliseconds = 0
    /// Interval of `onTick`; 0 for none.
    public var tickMilliseconds = 0
    /// A file descriptor to wait on as well (`onReadable` must read what is pending).
    public var watchFD: Int32?
    /// Sent as `Last-Event-ID`.
    public var lastEventID: String?

    public init() {}
}

/// The callbacks of a stream. They may use any service, requests included; a thrown failure ends
/// the stream and is rethrown by `Context.stream` (a failure with `IMPT_ERR_INTERRUPTED`, from a
/// bulk request the user stopped, counts as Ctrl-C).
public struct StreamHandlers {
    public var onOpen: ((Int) throws(PluginFailure) -> StreamStep)?
    public var onEvent: (StreamEvent) throws(PluginFailure) -> StreamStep
    public var onTick: (() throws(PluginFailure) -> StreamStep)?
    public var onReadable: ((Int32) throws(PluginFailure) -> StreamStep)?

    public init(
        onOpen: ((Int) throws(PluginFailure) -> StreamStep)? = nil,
        onEvent: @escaping (StreamEvent) throws(PluginFailure) -> StreamStep,
        onTick: (() throws(PluginFailure) -> StreamStep)? = nil,
        onReadable: ((Int32) throws(PluginFailure) -> StreamStep)? = nil
    ) {
        self.onOpen = onOpen
        self.onEvent = onEvent
        self.onTick = onTick
        self.onReadable = onReadable
    }
}

/// Carries the Swift handlers through the C `user_data` pointer, and what they decided.
private final class StreamBox {
    static let stopStatus = Int32(IMPT_ERR_CANCELLED.rawValue)
    let handlers: StreamHandlers
    var stopped = false
    var failure: PluginFailure?

    init(handlers: StreamHandlers) {
        self.handlers = handlers
    }

    /// The C status for a handler's outcome.
    func status(_ body: () throws(PluginFailure) -> StreamStep) -> Int32 {
        do {
            switch try body() {
            case .proceed: return Int32(IMPT_OK.rawValue)
            case .stop:
                stopped = true
                return Self.stopStatus
            }
        } catch {
            failure = error
            return error.status
        }
    }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> StreamBox {
        Unmanaged<StreamBox>.fromOpaque(pointer!).takeUnretainedValue()
    }
}

private let interruptedStatus = Int32(IMPT_ERR_INTERRUPTED.rawValue)

extension Context {
    /// Whether the host offers streams (impt.stream/1).
    public var canStream: Bool { PluginHost.stream != nil }

    /// Opens `GET <endpoint><path>` as Server-Sent Events and runs it until the server ends it,
    /// a handler stops it, or the user presses Ctrl-C. Broken connections, silence longer than the
    /// idle timeout and error answers are thrown (`IMPT_ERR_NETWORK`, `IMPT_ERR_API` with the HTTP
    /// status in `lastError`), with the message recorded.
    public func stream(
        _ path: String, query: JSONLiteral? = nil, settings: StreamSettings = StreamSettings(), handlers: StreamHandlers
    ) throws(PluginFailure) -> StreamEnd {
        guard let service = PluginHost.stream else {
            throw fail(IMPT_ERR_INTERNAL, "Internal error: this impt cannot open event streams.")
        }
        let box = StreamBox(handlers: handlers)
        var options = impt_stream_options()
        options.header = impt_struct_header(
            struct_size: UInt32(MemoryLayout<impt_stream_options>.size), abi_major: UInt16(IMPT_ABI_MAJOR),
            abi_minor: UInt16(IMPT_ABI_MINOR))
        options.flags = settings.authorized ? UInt32(IMPT_STREAM_AUTHORIZED) : 0
        options.idle_timeout_ms = UInt32(clamping: settings.idleTimeoutMilliseconds)
        options.tick_interval_ms = UInt32(clamping: settings.tickMilliseconds)
        if let fd = settings.watchFD {
            options.flags |= UInt32(IMPT_STREAM_WATCH_FD)
            options.watch_fd = fd
        }
        options.user_data = Unmanaged.passUnretained(box).toOpaque()
        options.on_event = { _, user, event in
            guard let event else { return Int32(IMPT_OK.rawValue) }
            let box = StreamBox.from(user)
            let shown = StreamEvent(
                name: String(cString: event.pointee.name),
                data: String(
                    decoding: UnsafeRawBufferPointer(start: event.pointee.data, count: event.pointee.data_length), as: UTF8.self),
                id: event.pointee.id.map { String(cString: $0) })
            return box.status { () throws(PluginFailure) in try box.handlers.onEvent(shown) }
        }
        if handlers.onOpen != nil {
            options.on_open = { _, user, status in
                let box = StreamBox.from(user)
                return box.status { () throws(PluginFailure) in try box.handlers.onOpen!(Int(status)) }
            }
        }
        if handlers.onTick != nil {
            options.on_tick = { _, user in
                let box = StreamBox.from(user)
                return box.status { () throws(PluginFailure) in try box.handlers.onTick!() }
            }
        }
        if handlers.onReadable != nil {
            options.on_fd = { _, user, fd in
                let box = StreamBox.from(user)
                return box.status { () throws(PluginFailure) in try box.handlers.onReadable!(fd) }
            }
        }
        let queryValue = query.map(make)
        let status: Int32 = withExtendedLifetime(box) {
            guard let id = settings.lastEventID else { return service.pointee.open(handle, path, queryValue?.handle, &options) }
            return id.withCString { pointer in
                options.last_event_id = pointer
                return service.pointee.open(handle, path, queryValue?.handle, &options)
            }
        }
        if let failure = box.failure {
            guard failure.status == interruptedStatus else { throw failure }
            clearError()
            return .interrupted
        }
        if box.stopped { return .stopped }
        switch status {
        case Int32(IMPT_OK.rawValue): return .ended
        case interruptedStatus:
            clearError()
            return .interrupted
        default: throw PluginFailure(status: status)
        }
    }

    /// Waits `milliseconds` (at most ten minutes); returns false when the user pressed Ctrl-C
    /// meanwhile.
    public func pause(milliseconds: Int) throws(PluginFailure) -> Bool {
        guard let service = PluginHost.stream else {
            throw fail(IMPT_ERR_INTERNAL, "Internal error: this impt cannot wait for Ctrl-C.")
        }
        let status = service.pointee.sleep(handle, UInt32(clamping: max(0, milliseconds)))
        if status == interruptedStatus {
            clearError()
            return false
        }
        if status != Int32(IMPT_OK.rawValue) { throw PluginFailure(status: status) }
        return true
    }
}
