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
    /// `out`, growing it once by exactly the quoted length.
    public static func appendQuoted(_ string: String, to out: inout [UInt8]) {
        string.utf8Span.span.withUnsafeBufferPointer { source in
            let length = impt_text_json_quoted_length(source.baseAddress, source.count)
            out.append(addingCapacity: length) { output in
                output.withUnsafeMutableBufferPointer { buffer, initialized in
                    initialized = impt_text_json_quote(source.baseAddress, source.count, buffer.baseAddress!)
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
        var status = IMPT_TEXT_UNESCAPE_OK
        var errorOffset = 0
        let decoded = [UInt8](unsafeUninitializedCapacity: end) { buffer, initialized in
            var written = 0
            status = bytes.withUnsafeBufferPointer { all in
                impt_text_json_unescape(all.baseAddress! + start, end, buffer.baseAddress!, &written, &errorOffset)
            }
            initialized = status == IMPT_TEXT_UNESCAPE_OK ? written : 0
        }
        switch status {
        case IMPT_TEXT_UNESCAPE_OK: break
        case IMPT_TEXT_UNESCAPE_INVALID_HEX: throw StringFailure(problem: .invalidHexDigits, offset: start + errorOffset)
        case IMPT_TEXT_UNESCAPE_UNPAIRED_SURROGATE: throw StringFailure(problem: .unpairedSurrogate, offset: start + errorOffset)
        default: throw StringFailure(problem: .invalidEscape, offset: start + errorOffset)
        }
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw StringFailure(problem: .invalidUTF8, offset: start)
        }
        return (text, after)
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
