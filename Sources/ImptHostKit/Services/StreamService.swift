import ImptPluginAPI

/// "impt.stream/1": Server-Sent Events streams delivered event by event, and interruptible waits.
enum StreamService {
    private static let invalid = Int32(IMPT_ERR_INVALID_ARGUMENT.rawValue)

    nonisolated(unsafe) static let table = permanent(
        impt_stream_v1(
            header: hostHeader(impt_stream_v1.self),
            open: { ctx, path, query, options in
                guard let invocation = Invocation.from(ctx), let path, let options else { return invalid }
                let copy = ApiService.callerStruct(options, size: options.pointee.header.struct_size, empty: impt_stream_options())
                guard let onEvent = copy.on_event else {
                    return invocation.record(.invalidArgument("a stream needs an on_event callback"))
                }
                return run(invocation, path: String(cString: path), query: query, options: copy, onEvent: onEvent)
            },
            sleep: { ctx, milliseconds in
                guard let invocation = Invocation.from(ctx) else { return invalid }
                return invocation.status {
                    try EventStreamRunner.sleep(
                        milliseconds: Int(min(milliseconds, IMPT_STREAM_MAX_SLEEP_MS)), console: invocation.console)
                }
            }
        ))

    private static func run(
        _ invocation: Invocation, path: String, query: OpaquePointer?, options: impt_stream_options,
        onEvent: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafePointer<impt_stream_event>?) -> Int32
    ) -> Int32 {
        let ctx = invocation.contextHandle
        let user = options.user_data
        let settings: EventStreamRunner.Settings
        do throws(ImptError) {
            guard path.hasPrefix("/") else { throw ImptError.invalidArgument("the path must start with '/'") }
            let watching = options.flags & UInt32(IMPT_STREAM_WATCH_FD) != 0
            if watching && options.watch_fd < 0 { throw ImptError.invalidArgument("the watched file descriptor is negative") }
            var idle = 0
            if options.idle_timeout_ms > 0 {
                idle = Int(min(max(options.idle_timeout_ms, IMPT_STREAM_MIN_IDLE_TIMEOUT_MS), IMPT_STREAM_MAX_IDLE_TIMEOUT_MS))
            }
            let tick = options.tick_interval_ms == 0 ? 0 : Int(max(options.tick_interval_ms, IMPT_STREAM_MIN_TICK_MS))
            settings = EventStreamRunner.Settings(
                path: path, query: try ApiService.queryPairs(invocation.values.value(query)),
                authorized: options.flags & UInt32(IMPT_STREAM_AUTHORIZED) != 0,
                lastEventID: options.last_event_id.map { String(cString: $0) }, idleMilliseconds: idle,
                tickMilliseconds: options.on_tick == nil ? 0 : tick, watchFD: watching ? options.watch_fd : nil)
        } catch {
            return invocation.record(error)
        }
        let header = hostHeader(impt_stream_event.self)
        let callbacks = EventStreamRunner.Callbacks(
            onOpen: { status in options.on_open?(ctx, user, Int32(status)) ?? Int32(IMPT_OK.rawValue) },
            onEvent: { event in
                event.name.withUnsafeBufferPointer { name in
                    event.data.withUnsafeBufferPointer { data in
                        withOptionalBytes(event.id) { id in
                            var shown = impt_stream_event(
                                header: header, name: pointer(name), data: pointer(data), data_length: data.count - 1,
                                id: id.map(pointer))
                            return onEvent(ctx, user, &shown)
                        }
                    }
                }
            },
            onTick: options.on_tick.map { tick in { tick(ctx, user) } },
            onFD: options.on_fd.map { callback in { fd in callback(ctx, user, fd) } })
        do throws(ImptError) {
            return try EventStreamRunner(session: invocation.session, settings: settings).run(callbacks)
        } catch {
            return invocation.record(error)
        }
    }

    /// A NUL-terminated byte buffer as a C string.
    private static func pointer(_ buffer: UnsafeBufferPointer<UInt8>) -> UnsafePointer<CChar> {
        UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
    }

    private static func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        guard let bytes else { return body(nil) }
        return bytes.withUnsafeBufferPointer { body($0) }
    }
}
