import Testing

@testable import ImptHostKit

/// What `VisibleText` escapes: controls and the bidirectional override characters, nothing else.
@Suite struct VisibleTextTests {
    @Test(arguments: Array(0x202A...0x202E) + Array(0x2066...0x2069))
    func bidirectionalControlsAreEscaped(_ value: Int) throws {
        let scalar = try #require(Unicode.Scalar(UInt32(value)))
        let text = "admin" + String(Character(scalar)) + "txt.exe"
        let hex = String(value, radix: 16)
        #expect(VisibleText.escaped(text, keepingLineFeeds: true) == "admin\\u\(hex)txt.exe")
        #expect(VisibleText.escaped(text, keepingLineFeeds: false) == "admin\\u\(hex)txt.exe")
    }

    @Test func otherTextWithTheSameLeadByteIsKept() {
        // U+2026, U+201C/D, U+2013, U+20AC and the marks beside the controls (U+2029, U+2065,
        // U+206A) start with the same UTF-8 byte but are ordinary text.
        let text = "Caf\u{e9} \u{201c}quoted\u{201d} \u{2013} 5\u{20ac}\u{2026} \u{2029}\u{2065}\u{206a}"
        #expect(VisibleText.escaped(text, keepingLineFeeds: true) == text)
    }

    @Test func controlsAreStillEscaped() {
        #expect(VisibleText.escaped("a\u{1b}[2Jb\u{9b}c\td\ne", keepingLineFeeds: false) == "a\\u001b[2Jb\\u009bc\td\\u000ae")
        #expect(VisibleText.escaped("a\ne", keepingLineFeeds: true) == "a\ne")
    }
}
