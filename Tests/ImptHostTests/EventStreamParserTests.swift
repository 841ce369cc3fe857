import ImptPluginAPI
import Testing

@testable import ImptHostKit

@Suite struct EventStreamParserTests {
    /// The events (name, data, id) parsed from `pieces`, fed one after the other.
    private func events(_ pieces: [String]) throws -> [(String, String, String?)] {
        try events(bytes: pieces.map { Array($0.utf8) })
    }

    private func events(bytes pieces: [[UInt8]]) throws -> [(String, String, String?)] {
        var parser = EventStreamParser()
        var found: [(String, String, String?)] = []
        for bytes in pieces {
            let proceed = try bytes.withUnsafeBytes { raw in
                try parser.feed(raw) { event in
                    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes.dropLast(), as: UTF8.self) }
                    #expect(event.data.last == 0 && event.name.last == 0)
                    found.append((text(event.name), text(event.data), event.id.map(text)))
                    return true
                }
            }
            #expect(proceed)
        }
        return found
    }

    @Test func namesDataLinesAndIDs() throws {
        let found = try events([
            "event: state_change\ndata: {\"state\":\"opened\"}\n\n", "data: first\ndata:second\nid: 7\n\n",
        ])
        #expect(found.count == 2)
        #expect(found[0] == ("state_change", "{\"state\":\"opened\"}", nil))
        #expect(found[1] == ("message", "first\nsecond", "7"))
    }

    @Test func commentsAndEventsWithoutDataAreNotDelivered() throws {
        let found = try events([": keep-alive\n\n", "event: nothing\n\n", "retry: 10\ndata: x\n\n"])
        #expect(found.count == 1)
        #expect(found[0] == ("message", "x", nil))
    }

    @Test func linesEndWithLFCROrCRLFEvenAcrossPieces() throws {
        let found = try events(["data: a\r", "\ndata: b\r\r", "data: c\r\n", "\r\n", "data: d\n", "\n"])
        #expect(found.count == 3)
        #expect(found.map(\.1) == ["a\nb", "c", "d"])
    }

    @Test func bytesArrivingOneByOneGiveTheSameEvents() throws {
        let text = "event: message\ndata: {\"msg\":\"héllo\"}\n\ndata: two\n\n"
        // Multi-byte characters split between pieces come out whole.
        let found = try events(bytes: text.utf8.map { [$0] })
        #expect(found.count == 2)
        #expect(found[0] == ("message", "{\"msg\":\"héllo\"}", nil))
        #expect(found[1] == ("message", "two", nil))
    }

    @Test func anEventLargerThanTheLimitFails() throws {
        let line = "data: " + String(repeating: "x", count: 600 * 1024) + "\n"
        #expect(throws: ImptError.self) { try events([line, line, "\n"]) }
        #expect(throws: ImptError.self) { try events([String(repeating: "y", count: EventStreamParser.maxEventBytes + 1)]) }
    }

    @Test func emitReturningFalseStopsAtOnce() throws {
        var parser = EventStreamParser()
        var seen = 0
        let bytes = Array("data: 1\n\ndata: 2\n\n".utf8)
        let proceed = try bytes.withUnsafeBytes { raw in
            try parser.feed(raw) { _ in
                seen += 1
                return false
            }
        }
        #expect(!proceed)
        #expect(seen == 1)
    }
}
