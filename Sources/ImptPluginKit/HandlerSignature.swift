import ImptPluginAPI

/// Compares a Swift handler's C parameter list with the options its command declares, so that a
/// declaration and its handler cannot silently drift apart: the host calls the handler with one
/// argument per option, and a wrong type or count would be undefined behaviour.
public enum HandlerSignature {
    /// The Swift spelling of the C parameter type each option type requires.
    static func expectedTypes(_ type: impt_option_type) -> [String] {
        switch type {
        case IMPT_OPTION_STRING: return ["Optional<UnsafePointer<Int8>>", "Optional<UnsafePointer<UInt8>>"]
        case IMPT_OPTION_FLAG: return ["Bool"]
        case IMPT_OPTION_BOOL: return ["Int32"]
        case IMPT_OPTION_INT: return ["Int64"]
        case IMPT_OPTION_NUMBER: return ["Double"]
        case IMPT_OPTION_STRING_LIST:
            return ["Optional<UnsafePointer<Optional<UnsafePointer<Int8>>>>", "Optional<UnsafePointer<Optional<UnsafePointer<UInt8>>>>"]
        default: return []
        }
    }

    /// Swift alias for the parameter type of an option type, used in messages.
    static func alias(_ type: impt_option_type) -> String {
        switch type {
        case IMPT_OPTION_STRING: return "CString"
        case IMPT_OPTION_FLAG: return "Bool"
        case IMPT_OPTION_BOOL: return "Int32"
        case IMPT_OPTION_INT: return "Int64"
        case IMPT_OPTION_NUMBER: return "Double"
        case IMPT_OPTION_STRING_LIST: return "CStringList"
        default: return "?"
        }
    }

    /// Why the handler of `command` does not fit its options, or nil when it does.
    public static func mismatch(in command: CommandDefinition) -> String? {
        let where_ = "command \"\(command.name)\""
        guard let handler = command.handler else { return nil }
        guard let parameters = parameters(of: handler.signature) else {
            return "\(where_): the handler is not a @convention(c) function returning Int32 (\(handler.signature))"
        }
        guard parameters.first == "Optional<OpaquePointer>" else {
            return "\(where_): the handler's first parameter must be the context (CContext)"
        }
        let given = Array(parameters.dropFirst())
        for (index, option) in command.options.enumerated() {
            guard index < given.count else {
                return "\(where_): the handler has no parameter for option --\(option.name) (\(alias(option.type)) expected)"
            }
            guard expectedTypes(option.type).contains(given[index]) else {
                return "\(where_): handler parameter \(index + 2) is \(given[index]), but option --\(option.name) needs \(alias(option.type))"
            }
        }
        if given.count > command.options.count {
            return "\(where_): the handler has \(given.count) option parameters but the command declares \(command.options.count) options"
        }
        return nil
    }

    /// The parameter types of `@convention(c) (A, B<C, D>) -> Int32`, split at top-level commas.
    static func parameters(of signature: String) -> [String]? {
        let prefix = "@convention(c) ("
        let suffix = ") -> Int32"
        guard signature.hasPrefix(prefix), signature.hasSuffix(suffix) else { return nil }
        let inner = signature.dropFirst(prefix.count).dropLast(suffix.count)
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in inner {
            switch character {
            case "<", "(": depth += 1
            case ">", ")": depth -= 1
            case "," where depth == 0:
                parts.append(current.trimmingSpaces)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        if !current.isEmpty { parts.append(current.trimmingSpaces) }
        return parts
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
