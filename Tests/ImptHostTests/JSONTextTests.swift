import Testing
import ImptJSONText

/// The byte loops of CImptText, through their Swift entry points, against a plain reference.
@Suite struct JSONTextTests {
    /// The quoted form the writer must produce, one byte at a time.
    static func referenceQuoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for byte in text.utf8 {
            switch byte {
            case 0x22: out += Array(#"\""#.utf8)
            case 0x5C: out += Array(#"\\"#.utf8)
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        return out + [0x22]
    }

    static func quoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        JSONText.appendQuoted(text, to: &out)
        return out
    }

    static func decoded(_ json: String) throws(JSONText.StringFailure) -> String {
        let bytes = Array(json.utf8)
        let (text, after) = try JSONText.decodeString(bytes, bodyStart: 1)
        #expect(after == bytes.count)
        return text
    }

    @Test func everyControlCharacterAndSpecialIsEscaped() throws {
        let text = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self) + "ü✓日本😀"
        #expect(Self.quoted(text) == Self.referenceQuoted(text))
        #expect(JSONText.quotedLength(text) == Self.referenceQuoted(text).count)
        #expect(try Self.decoded(String(decoding: Self.quoted(text), as: UTF8.self)) == text)
    }

    /// A special character at every offset of strings around the 16-byte blocks.
    @Test(arguments: 0..<48)
    func escapesAtEveryOffsetOfShortStrings(length: Int) throws {
        for position in 0..<max(length, 1) {
            for special in ["\"", "\\", "\n", "\u{01}", "é"] {
                var characters = Array(repeating: "a", count: length)
                if length > 0 { characters[position] = special }
                let text = characters.joined()
                #expect(Self.quoted(text) == Self.referenceQuoted(text))
                #expect(JSONText.quotedLength(text) == Self.referenceQuoted(text).count)
                #expect(try Self.decoded(String(decoding: Self.quoted(text), as: UTF8.self)) == text)
            }
        }
    }

    /// Mixed specials, multi-byte text and \u escapes in strings of every length up to 300.
    @Test func randomTextRoundTrips() throws {
        var generator = SplitMix(seed: 0x1DEA)
        let palette = ["a", "b", "\"", "\\", "\n", "\r", "\u{01}", "\u{1F}", "/", "é", "✓", "😀", " "]
        for length in 0..<300 {
            let text = (0..<length).map { _ in palette[Int(generator.next() % UInt64(palette.count))] }.joined()
            #expect(Self.quoted(text) == Self.referenceQuoted(text))
            #expect(try Self.decoded(String(decoding: Self.quoted(text), as: UTF8.self)) == text)
            // The same text with every other scalar written as \u escapes (surrogate pairs too).
            var json = "\""
            for (index, scalar) in text.unicodeScalars.enumerated() {
                if index % 2 == 0 {
                    for unit in String(scalar).utf16 { json += "\\u" + String(unit, radix: 16).leftPadded(to: 4) }
                } else {
                    json += String(decoding: Self.quoted(String(scalar)).dropFirst().dropLast(), as: UTF8.self)
                }
            }
            #expect(try Self.decoded(json + "\"") == text)
        }
    }

    /// Spare capacity is written into directly when the text fits and grown exactly when not.
    @Test(arguments: [-1, 0, 1, 200])
    func quotingIntoReservedRoom(extra: Int) {
        var generator = SplitMix(seed: 7)
        let palette = ["a", "\"", "\n", "\u{02}", "é", "\\"]
        for length in [0, 1, 15, 16, 17, 97, 98, 200, 1000] {
            let text = (0..<length).map { _ in palette[Int(generator.next() % UInt64(palette.count))] }.joined()
            let expected = Self.referenceQuoted(text)
            var out: [UInt8] = [1, 2, 3]
            out.reserveCapacity(3 + max(0, expected.count + extra))
            JSONText.appendQuoted(text, to: &out)
            #expect(out == [1, 2, 3] + expected)
        }
    }

    @Test func aMegabyteOfSourceRoundTrips() throws {
        var text = "\u{FEFF}"
        var line = 0
        while text.utf8.count < 1_048_576 {
            text += "// line \(line): ünïcödé ✓ \"quoted\" \\ text\t\r\n"
            line += 1
        }
        let quoted = Self.quoted(text)
        #expect(quoted == Self.referenceQuoted(text))
        #expect(try Self.decoded(String(decoding: quoted, as: UTF8.self)) == text)
    }

    @Test func unicodeEscapesAndSurrogatePairsDecode() throws {
        #expect(try Self.decoded(#""\u00e9\u2713\ud83d\ude00\/""#) == "é✓😀/")
        #expect(try Self.decoded(#""\b\f\n\r\t\"\\""#) == "\u{08}\u{0C}\n\r\t\"\\")
        #expect(try Self.decoded(#""""#) == "")
        // A real U+FFFD next to escapes is kept (it is not mistaken for repaired input).
        #expect(try Self.decoded("\"\\n\u{FFFD}x\\\"\"") == "\n\u{FFFD}x\"")
    }

    @Test(arguments: [
        (#""abc"#, JSONText.StringProblem.unterminated),
        (#""ab\"#, .unterminated),
        ("\"a\u{01}b\"", .controlCharacter),
        (#""a\qb""#, .invalidEscape),
        (#""\u12G4""#, .invalidHexDigits),
        (#""\u12""#, .invalidHexDigits),
        (#""\ud83d""#, .unpairedSurrogate),
        (#""\ud83dx\ude00""#, .unpairedSurrogate),
        (#""\ud83d\u0041""#, .unpairedSurrogate),
        (#""\ude00""#, .unpairedSurrogate),
    ])
    func malformedStringsAreRefused(json: String, problem: JSONText.StringProblem) {
        #expect(throws: JSONText.StringFailure.self) { try Self.decoded(json) }
        do {
            _ = try Self.decoded(json)
        } catch {
            #expect(error.problem == problem)
        }
    }

    @Test func invalidUTF8IsRefused() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0x5C, 0x6E, 0xC3, 0x22]] {
            #expect(throws: JSONText.StringFailure(problem: .invalidUTF8, offset: 1)) {
                _ = try JSONText.decodeString(bytes, bodyStart: 1)
            }
        }
    }

    @Test func nulBytesAreFound() {
        #expect(JSONText.nulOffset([UInt8]()) == nil)
        #expect(JSONText.nulOffset(Array("abc".utf8)) == nil)
        #expect(JSONText.nulOffset([1, 2, 0, 3, 0]) == 2)
        #expect(JSONText.nulOffset(String(repeating: "x", count: 100) + "\u{0}") == 100)
        #expect(JSONText.nulOffset("no nul here") == nil)
    }
}

/// A small deterministic generator for reproducible random texts.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
