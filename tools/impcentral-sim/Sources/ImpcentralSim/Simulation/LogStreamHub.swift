import NIOCore
import Synchronization

/// Chunks handed to an SSE connection and not written to the socket yet: how far a client lags.
final class StreamBacklog: Sendable {
    private let chunks = Atomic<Int>(0)

    func added() { chunks.add(1, ordering: .relaxed) }
    func written() { chunks.subtract(1, ordering: .relaxed) }
    var count: Int { chunks.load(ordering: .relaxed) }
}

/// Live log streams delivered over Server-Sent Events.
///
/// Streams live in memory only (an SSE connection does not survive a restart anyway). Each
/// account may have `maxStreams` streams; creating one more closes the oldest with a
/// `state_change` `closed` event. Each stream holds up to `maxDevices` devices; adding one more
/// unsubscribes the least recently added.
final class LogStreamHub: Sendable {
    enum Format: String, Sendable {
        case text
        case json
    }

    private struct Stream {
        var id: String
        var accountID: String
        var order: Int
        var format: Format = .text
        var devices: [String] = []
        var continuation: AsyncStream<ByteBuffer>.Continuation?
        var backlog: StreamBacklog?
        var connection = 0
        /// Events produced before the SSE connection was opened (bounded).
        var pending: [Event] = []
    }

    /// A stream event before formatting (format depends on the connection).
    private enum Event: Sendable {
        case opened
        case closed
        case subscribed(String)
        case unsubscribed(String)
        case message(deviceID: String, environment: String, entry: LogEntry)
    }

    private struct State {
        var streams: [String: Stream] = [:]
        var counter = 0
        var closedAll = false
    }

    private let state = Mutex(State())
    let maxStreams: Int
    let maxDevices: Int
    let keepAliveInterval: Duration
    let tasks: SimTasks

    init(maxStreams: Int, maxDevices: Int, keepAliveInterval: Duration = .seconds(15), tasks: SimTasks = .pool) {
        self.tasks = tasks
        self.maxStreams = maxStreams
        self.maxDevices = maxDevices
        self.keepAliveInterval = keepAliveInterval
    }

    /// Registers a new stream for `accountID`, closing the oldest ones over the limit.
    func create(id: String, accountID: String) {
        state.withLock { s in
            s.counter += 1
            s.streams[id] = Stream(id: id, accountID: accountID, order: s.counter)
            let mine = s.streams.values.filter { $0.accountID == accountID }.sorted { $0.order < $1.order }
            if mine.count > maxStreams {
                for old in mine.prefix(mine.count - maxStreams) {
                    Self.close(&s, old.id)
                }
            }
        }
    }

    func exists(_ id: String) -> Bool {
        state.withLock { $0.streams[id] != nil }
    }

    func owner(of id: String) -> String? {
        state.withLock { $0.streams[id]?.accountID }
    }

    func devices(of id: String) -> [String] {
        state.withLock { $0.streams[id]?.devices ?? [] }
    }

    /// Attaches an SSE connection; nil when the stream does not exist. A previous connection
    /// of the same stream is ended. The connection's writer reports each chunk it wrote to the
    /// backlog.
    func connect(_ id: String, format: Format) -> (AsyncStream<ByteBuffer>, StreamBacklog)? {
        let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let backlog = StreamBacklog()
        let attached: Int? = state.withLock { s in
            guard !s.closedAll, var entry = s.streams[id] else { return nil }
            entry.continuation?.finish()
            entry.connection += 1
            entry.format = format
            entry.continuation = continuation
            entry.backlog = backlog
            Self.send(&entry, Self.render(.opened, format: format))
            for event in entry.pending { Self.send(&entry, Self.render(event, format: format)) }
            entry.pending.removeAll()
            s.streams[id] = entry
            return entry.connection
        }
        guard let connection = attached else {
            continuation.finish()
            return nil
        }
        let interval = keepAliveInterval
        let keepAlive = tasks.start {
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                backlog.added()
                continuation.yield(ByteBuffer(string: ": keep-alive\n\n"))
            }
        }
        continuation.onTermination = { [weak self] _ in
            keepAlive.cancel()
            // finish() may run this handler while the hub's lock is held: detach later.
            self?.tasks.start { self?.detach(id, connection: connection) }
        }
        return (stream, backlog)
    }

    private func detach(_ id: String, connection: Int) {
        state.withLock { s in
            if s.streams[id]?.connection == connection {
                s.streams[id]?.continuation = nil
                s.streams[id]?.backlog = nil
            }
        }
    }

    /// Ends every SSE connection of an account's streams without a `closed` event, as a broken
    /// network would; the streams themselves stay. Returns how many connections were ended.
    func dropConnections(accountID: String) -> Int {
        state.withLock { s in
            var dropped = 0
            for key in Array(s.streams.keys) where s.streams[key]?.accountID == accountID {
                guard let continuation = s.streams[key]?.continuation else { continue }
                continuation.finish()
                s.streams[key]?.continuation = nil
                s.streams[key]?.backlog = nil
                dropped += 1
            }
            return dropped
        }
    }

    /// The largest number of chunks not written yet among the connections that stream a device.
    func backlog(deviceID: String) -> Int {
        state.withLock { s in
            s.streams.values.filter { $0.devices.contains(deviceID) }.map { $0.backlog?.count ?? 0 }.max() ?? 0
        }
    }

    /// Adds a device (moving it to most recently added if present); evicts the oldest over the limit.
    func subscribe(_ id: String, deviceID: String) {
        state.withLock { s in
            guard var entry = s.streams[id] else { return }
            entry.devices.removeAll { $0 == deviceID }
            entry.devices.append(deviceID)
            Self.emit(&entry, .subscribed(deviceID))
            while entry.devices.count > maxDevices {
                let evicted = entry.devices.removeFirst()
                Self.emit(&entry, .unsubscribed(evicted))
            }
            s.streams[id] = entry
        }
    }

    /// Removes a device; false when it was not subscribed.
    @discardableResult
    func unsubscribe(_ id: String, deviceID: String) -> Bool {
        state.withLock { s in
            guard var entry = s.streams[id], entry.devices.contains(deviceID) else { return false }
            entry.devices.removeAll { $0 == deviceID }
            Self.emit(&entry, .unsubscribed(deviceID))
            s.streams[id] = entry
            return true
        }
    }

    /// Removes a device from every stream (the device left the account).
    func forget(deviceID: String) {
        state.withLock { s in
            for key in Array(s.streams.keys) {
                guard var entry = s.streams[key], entry.devices.contains(deviceID) else { continue }
                entry.devices.removeAll { $0 == deviceID }
                Self.emit(&entry, .unsubscribed(deviceID))
                s.streams[key] = entry
            }
        }
    }

    /// Sends log entries of a device to every stream that subscribes to it (one chunk per stream).
    func publish(deviceID: String, environment: String, entries: [LogEntry]) {
        guard !entries.isEmpty else { return }
        state.withLock { s in
            for key in Array(s.streams.keys) {
                guard var entry = s.streams[key], entry.devices.contains(deviceID) else { continue }
                if entry.continuation != nil {
                    var chunk = ByteBuffer()
                    for log in entries {
                        var rendered = Self.render(
                            .message(deviceID: deviceID, environment: environment, entry: log), format: entry.format)
                        chunk.writeBuffer(&rendered)
                    }
                    Self.send(&entry, chunk)
                } else {
                    for log in entries {
                        Self.emit(&entry, .message(deviceID: deviceID, environment: environment, entry: log))
                    }
                }
                s.streams[key] = entry
            }
        }
    }

    /// Closes every stream (server shutdown): ends all SSE responses.
    func closeAll() {
        state.withLock { s in
            s.closedAll = true
            for key in Array(s.streams.keys) { Self.close(&s, key) }
        }
    }

    private static func close(_ s: inout State, _ id: String) {
        guard let entry = s.streams.removeValue(forKey: id) else { return }
        if let continuation = entry.continuation {
            continuation.yield(render(.closed, format: entry.format))
            continuation.finish()
        }
    }

    private static func emit(_ stream: inout Stream, _ event: Event) {
        if stream.continuation != nil {
            send(&stream, render(event, format: stream.format))
        } else if stream.pending.count < 1000 {
            stream.pending.append(event)
        }
    }

    /// Hands a chunk to the stream's connection, counting it in the backlog.
    private static func send(_ stream: inout Stream, _ chunk: ByteBuffer) {
        guard let continuation = stream.continuation else { return }
        stream.backlog?.added()
        switch continuation.yield(chunk) {
        case .enqueued: break
        case .dropped, .terminated: stream.backlog?.written()  // one chunk fewer waits in the end
        @unknown default: break
        }
    }

    // MARK: Wire format

    private static func render(_ event: Event, format: Format) -> ByteBuffer {
        var out = ""
        switch event {
        case .opened:
            out = frame("state_change", format == .json ? "{\"state\":\"opened\"}" : "opened")
        case .closed:
            out = frame("state_change", format == .json ? "{\"state\":\"closed\"}" : "closed")
        case .subscribed(let device):
            out = frame(
                "state_change",
                format == .json ? "{\"state\":\"subscribed\",\"device_id\":\"\(device)\"}" : "\(device) subscribed")
        case .unsubscribed(let device):
            out = frame(
                "state_change",
                format == .json ? "{\"state\":\"unsubscribed\",\"device_id\":\"\(device)\"}" : "\(device) unsubscribed")
        case .message(let device, let environment, let entry):
            if format == .json {
                var w = JSONWriter(capacity: 128)
                w.raw("{\"device_id\":")
                w.string(device)
                w.raw(",\"ts\":")
                w.timestamp(entry.ts)
                w.raw(",\"type\":")
                w.string(entry.type)
                w.raw(",\"msg\":")
                w.string(entry.msg)
                w.byte(UInt8(ascii: "}"))
                out = frame("message", w.text)
            } else {
                out = frame("message", "\(device) \(Timestamps.iso(entry.ts)) \(environment) \(entry.type) \(entry.msg)")
            }
        }
        return ByteBuffer(string: out)
    }

    /// `event: <name>` plus one `data:` line per line of `data`, then a blank line.
    private static func frame(_ name: String, _ data: String) -> String {
        var out = "event: \(name)\n"
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            out += "data: \(line)\n"
        }
        return out + "\n"
    }
}
