import ImptJSONText

/// A light lexical scan of Squirrel source code.
///
/// It finds `server.log("…")` / `server.error("…")` calls whose first argument starts with a
/// string literal (the simulated devices print those literals), and checks that brackets are
/// balanced outside strings and comments (the simulator's stand-in for compilation).
enum SquirrelScanner {
    struct LogCall: Equatable, Sendable {
        /// `log` or `error`.
        var kind: String
        var text: String
    }

    struct BracketProblem: Equatable, Sendable {
        var row: Int
        var column: Int
        var text: String
    }

    private enum Token: Equatable {
        case identifier(String)
        case string(String)
        case punctuation(UInt8)
    }

    /// Tokens of interest plus the bracket check result.
    private static func tokenize(_ source: String) -> ([Token], BracketProblem?) {
        let bytes = Array(source.utf8)
        var tokens: [Token] = []
        var stack: [(UInt8, Int, Int)] = []
        var problem: BracketProblem?
        var i = 0
        var row = 1
        var lineStart = 0

        func column(_ index: Int) -> Int { index - lineStart + 1 }

        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x0A:
                row += 1
                lineStart = i + 1
                i += 1
            case UInt8(ascii: "/") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "/"),
                 UInt8(ascii: "#"):
                i = ByteSearch.offset(of: 0x0A, in: bytes, from: i)
            case UInt8(ascii: "/") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "*"):
                i += 2
                while i < bytes.count && !(bytes[i] == UInt8(ascii: "*") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "/")) {
                    if bytes[i] == 0x0A {
                        row += 1
                        lineStart = i + 1
                    }
                    i += 1
                }
                if i >= bytes.count, problem == nil {
                    problem = BracketProblem(row: row, column: column(i), text: "unterminated comment")
                }
                i += 2
            case UInt8(ascii: "@") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\""):
                // Verbatim string: "" is an escaped quote, newlines allowed.
                i += 2
                var text: [UInt8] = []
                var closed = false
                while i < bytes.count {
                    if bytes[i] == UInt8(ascii: "\"") {
                        if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                            text.append(UInt8(ascii: "\""))
                            i += 2
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    if bytes[i] == 0x0A {
                        row += 1
                        lineStart = i + 1
                    }
                    text.append(bytes[i])
                    i += 1
                }
                if !closed, problem == nil {
                    problem = BracketProblem(row: row, column: column(i), text: "unterminated string")
                }
                tokens.append(.string(String(decoding: text, as: UTF8.self)))
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let quote = b
                let startColumn = column(i)
                i += 1
                var text: [UInt8] = []
                var closed = false
                while i < bytes.count && bytes[i] != 0x0A {
                    let c = bytes[i]
                    if c == quote {
                        closed = true
                        i += 1
                        break
                    }
                    if c == UInt8(ascii: "\\"), i + 1 < bytes.count {
                        let e = bytes[i + 1]
                        switch e {
                        case UInt8(ascii: "n"): text.append(0x0A)
                        case UInt8(ascii: "t"): text.append(0x09)
                        case UInt8(ascii: "r"): text.append(0x0D)
                        case UInt8(ascii: "0"): text.append(0x00)
                        default: text.append(e)
                        }
                        i += 2
                        continue
                    }
                    text.append(c)
                    i += 1
                }
                if !closed, problem == nil {
                    problem = BracketProblem(row: row, column: startColumn, text: "unterminated string")
                }
                if quote == UInt8(ascii: "\"") {
                    tokens.append(.string(String(decoding: text, as: UTF8.self)))
                } else {
                    tokens.append(.punctuation(UInt8(ascii: "'")))
                }
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                let start = i
                while i < bytes.count, isIdentifierByte(bytes[i]) { i += 1 }
                tokens.append(.identifier(String(decoding: bytes[start..<i], as: UTF8.self)))
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                stack.append((b, row, column(i)))
                tokens.append(.punctuation(b))
                i += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                let opener: UInt8 = b == UInt8(ascii: ")") ? UInt8(ascii: "(") : b == UInt8(ascii: "]") ? UInt8(ascii: "[") : UInt8(ascii: "{")
                if let last = stack.last, last.0 == opener {
                    stack.removeLast()
                } else if problem == nil {
                    problem = BracketProblem(
                        row: row, column: column(i), text: "unexpected '\(Character(Unicode.Scalar(b)))'")
                }
                tokens.append(.punctuation(b))
                i += 1
            case 0x20, 0x09, 0x0D:
                i += 1
            default:
                tokens.append(.punctuation(b))
                i += 1
            }
        }
        if problem == nil, let open = stack.last {
            problem = BracketProblem(
                row: open.1, column: open.2, text: "'\(Character(Unicode.Scalar(open.0)))' is never closed")
        }
        return (tokens, problem)
    }

    private static func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
    }

    /// The string literals passed first to `server.log(...)` / `server.error(...)`, in order.
    static func logCalls(in source: String) -> [LogCall] {
        let (tokens, _) = tokenize(source)
        var calls: [LogCall] = []
        var i = 0
        while i + 4 < tokens.count {
            if tokens[i] == .identifier("server"), tokens[i + 1] == .punctuation(UInt8(ascii: ".")),
               case .identifier(let method) = tokens[i + 2], method == "log" || method == "error",
               tokens[i + 3] == .punctuation(UInt8(ascii: "(")),
               case .string(let text) = tokens[i + 4] {
                calls.append(LogCall(kind: method, text: text))
                i += 5
                continue
            }
            i += 1
        }
        return calls
    }

    /// The first bracket/string/comment problem, if any.
    static func firstProblem(in source: String) -> BracketProblem? {
        tokenize(source).1
    }
}
