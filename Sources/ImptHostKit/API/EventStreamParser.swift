import ImptPluginAPI

/// One Server-Sent Event as it is handed to a plugin: bytes ready to be passed as C strings
/// (each buffer ends with a NUL that is not part of the value).
struct ServerSentEvent {
    /// `event:` field, or "message".
    var name: [UInt8]
    /// The data lines joined with "\n".
    var data: [UInt8]
    /// `id:` field, if the event had one.
    var id: [UInt8]?
}

/// Reads `text/event-stream` bytes in whatever pieces they arrive and hands out complete events.
/// Keeps at most one line and one event, each bounded by `maxEventBytes`.
struct EventStreamParser {
    static let maxEventBytes = Int(IMPT_STREAM_MAX_EVENT_BYTES)
    private static let defaultName = Array("message".utf8)

    /// The line read so far (no terminator).
    private var line: [UInt8] = []
    /// The previous piece ended with CR: an LF starting the next one belongs to it.
    private var afterCR = false
    private var name: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var id: [UInt8]?

    init() {
        line.reserveCapacity(1024)
        data.reserveCapacity(1024)
    }

    /// Parses `bytes`, calling `emit` for each event completed by them, and returns true; false
    /// as soon as `emit` returns false (the rest of `bytes` is dropped). A line or event larger
    /// than the limit fails with `IMPT_ERR_NETWORK`.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: (inout ServerSentEvent) -> Bool) throws(ImptError) -> Bool {
        var index = 0
        let count = bytes.count
        if afterCR, index < count, bytes[index] == 0x0A { index += 1 }
        afterCR = false
        while index < count {
            // Find the end of the line: LF, CR or CRLF.
            var end = index
            while end < count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            guard line.count + (end - index) <= Self.maxEventBytes else { throw Self.tooLarge }
            if end > index { line.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<end])) }
            guard end < count else { return true }  // the line goes on in the next piece
            if bytes[end] == 0x0D {
                if end + 1 < count {
                    if bytes[end + 1] == 0x0A { index = end + 2 } else { index = end + 1 }
                } else {
                    afterCR = true
                    index = end + 1
                }
            } else {
                index = end + 1
            }
            let proceed = try processLine(emit: emit)
            line.removeAll(keepingCapacity: true)
            if !proceed { return false }
        }
        return true
    }

    private static var tooLarge: ImptError {
        ImptError(IMPT_ERR_NETWORK, "impCentral sent an event larger than \(maxEventBytes / 1024 / 1024) MiB on the stream.")
    }

    /// Takes in one complete line; false when the event it completed was refused by `emit`.
    private mutating func processLine(emit: (inout ServerSentEvent) -> Bool) throws(ImptError) -> Bool {
        if line.isEmpty { return dispatch(emit: emit) }
        if line[0] == UInt8(ascii: ":") { return true }  // a comment (keep-alive)
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.count
        var valueStart = min(colon + 1, line.count)
        if valueStart < line.count, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let field = line[0..<colon]
        let value = line[valueStart...]
        if field.elementsEqual("data".utf8) {
            guard data.count + value.count + 1 <= Self.maxEventBytes else { throw Self.tooLarge }
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        } else if field.elementsEqual("event".utf8) {
            name = Array(value)
        } else if field.elementsEqual("id".utf8) {
            if !value.contains(0) { id = Array(value) }
        }
        // `retry:` and unknown fields are ignored.
        return true
    }

    /// Ends the event at a blank line; an event without data is not delivered (per the format).
    private mutating func dispatch(emit: (inout ServerSentEvent) -> Bool) -> Bool {
        defer {
            name.removeAll(keepingCapacity: true)
            data.removeAll(keepingCapacity: true)
            hasData = false
            id = nil
        }
        guard hasData else { return true }
        // Hand the data buffer over and take it back afterwards, so that its storage is reused.
        var event = ServerSentEvent(name: name.isEmpty ? Self.defaultName : name, data: data, id: id)
        data = []
        defer { data = event.data }
        event.name.append(0)
        event.data.append(0)
        event.id?.append(0)
        return emit(&event)
    }
}
