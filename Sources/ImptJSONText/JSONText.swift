import CImptText

/// Fast, bounds-checked entry points to the byte loops of JSON strings (CImptText), shared by the
/// host's JSON reader and writer, the plugin SDK's source-file checks and impcentral-sim.
///
/// Deployments carry megabytes of source as single JSON strings; these loops move such strings
/// at memory speed, 16 bytes at a time, instead of one byte per Swift loop iteration.
public enum JSONText {
    /// The length of `string` written as a quoted JSON string.
    public static func quotedLength(_ string: String) -> Int {
        string.utf8Span.span.withUnsafeBufferPointer { source in
            impt_text_json_quoted_length(source.baseAddress, source.count)
        }
    }

    /// Appends `string` as a quoted JSON string (`"`, `\` and control characters escaped) to
    /// `out`. When `out` already has room to spare (a writer that reserved the whole text), the
    /// string is written into it directly; otherwise `out` grows once by exactly the quoted length.
    public static func appendQuoted(_ string: String, to out: inout [UInt8]) {
        string.utf8Span.span.withUnsafeBufferPointer { source in
            let spare = out.capacity - out.count
            if spare >= source.count + 2 {
                var fitted = false
                out.append(addingCapacity: spare) { output in
                    output.withUnsafeMutableBufferPointer { buffer, initialized in
                        let written = impt_text_json_quote(source.baseAddress, source.count, buffer.baseAddress!, buffer.count)
                        // size_t's SIZE_MAX (did not fit) arrives as -1.
                        if written >= 0, written <= buffer.count {
                            initialized = written
                            fitted = true
                        }
                    }
                }
                if fitted { return }
            }
            let length = impt_text_json_quoted_length(source.baseAddress, source.count)
            out.append(addingCapacity: length) { output in
                output.withUnsafeMutableBufferPointer { buffer, initialized in
                    let written = impt_text_json_quote(source.baseAddress, source.count, buffer.baseAddress!, buffer.count)
                    precondition(written >= 0, "the quoted length always fits")
                    initialized = written
                }
            }
        }
    }

    /// Why the text at some offset is not a well-formed JSON string.
    public enum StringProblem: Error, Equatable, Sendable {
        case unterminated, controlCharacter, invalidEscape, invalidHexDigits, unpairedSurrogate, invalidUTF8
    }

    /// A `StringProblem` and the offset in the input where it was found.
    public struct StringFailure: Error, Equatable, Sendable {
        public let problem: StringProblem
        public let offset: Int

        public init(problem: StringProblem, offset: Int) {
            self.problem = problem
            self.offset = offset
        }
    }

    /// Decodes the JSON string whose body starts at `start` (just after its opening quote).
    /// Returns the string and the index just after its closing quote.
    public static func decodeString(_ bytes: [UInt8], bodyStart start: Int) throws(StringFailure) -> (String, Int) {
        precondition(start > 0 && start <= bytes.count, "a string body follows its opening quote")
        var end = 0
        var escaped: Int32 = 0
        let found = bytes.withUnsafeBufferPointer { all in
            impt_text_json_string_end(all.baseAddress! + start, all.count - start, &end, &escaped)
        }
        switch found {
        case IMPT_TEXT_STRING_CLOSED: break
        case IMPT_TEXT_STRING_CONTROL: throw StringFailure(problem: .controlCharacter, offset: start + end)
        default: throw StringFailure(problem: .unterminated, offset: bytes.count)
        }
        let after = start + end + 1
        if escaped == 0 {
            guard let text = String(validating: bytes[start..<(start + end)], as: UTF8.self) else {
                throw StringFailure(problem: .invalidUTF8, offset: start)
            }
            return (text, after)
        }
        // Decoded straight into the string's storage. That initializer replaces invalid UTF-8
        // with U+FFFD instead of failing, so a result holding U+FFFD is decided again strictly.
        var status = IMPT_TEXT_UNESCAPE_OK
        var errorOffset = 0
        let text = String(unsafeUninitializedCapacity: end) { buffer in
            var written = 0
            status = bytes.withUnsafeBufferPointer { all in
                impt_text_json_unescape(all.baseAddress! + start, end, buffer.baseAddress!, &written, &errorOffset)
            }
            return status == IMPT_TEXT_UNESCAPE_OK ? written : 0
        }
        switch status {
        case IMPT_TEXT_UNESCAPE_OK: break
        case IMPT_TEXT_UNESCAPE_INVALID_HEX: throw StringFailure(problem: .invalidHexDigits, offset: start + errorOffset)
        case IMPT_TEXT_UNESCAPE_UNPAIRED_SURROGATE: throw StringFailure(problem: .unpairedSurrogate, offset: start + errorOffset)
        default: throw StringFailure(problem: .invalidEscape, offset: start + errorOffset)
        }
        if containsReplacementCharacter(text) {
            return (try strictlyDecoded(bytes, start: start, end: end), after)
        }
        return (text, after)
    }

    /// Whether UTF-8 text holds U+FFFD, the character that replaces invalid UTF-8 (so a string
    /// built by a repairing initializer without it was valid as given).
    public static func containsReplacementCharacter(_ text: String) -> Bool {
        text.utf8Span.span.withUnsafeBufferPointer { utf8 in
            impt_text_replacement_offset(utf8.baseAddress, utf8.count) < utf8.count
        }
    }

    /// Decodes into bytes first and validates them: invalid UTF-8 fails instead of being replaced.
    private static func strictlyDecoded(_ bytes: [UInt8], start: Int, end: Int) throws(StringFailure) -> String {
        var written = 0
        var errorOffset = 0
        let decoded = [UInt8](unsafeUninitializedCapacity: end) { buffer, initialized in
            _ = bytes.withUnsafeBufferPointer { all in
                impt_text_json_unescape(all.baseAddress! + start, end, buffer.baseAddress!, &written, &errorOffset)
            }
            initialized = written
        }
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw StringFailure(problem: .invalidUTF8, offset: start)
        }
        return text
    }

    /// The offset of the first NUL byte of `bytes`, or nil.
    public static func nulOffset(_ bytes: [UInt8]) -> Int? {
        let offset = ByteSearch.offset(of: 0, in: bytes, from: 0)
        return offset < bytes.count ? offset : nil
    }

    /// The UTF-8 offset of the first U+0000 in `string`, or nil.
    public static func nulOffset(_ string: String) -> Int? {
        string.utf8Span.span.withUnsafeBufferPointer { source in
            let offset = impt_text_byte_offset(source.baseAddress, source.count, 0)
            return offset < source.count ? offset : nil
        }
    }
}
