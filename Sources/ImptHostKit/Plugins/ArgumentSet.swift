#if canImport(Glibc)
import Glibc
#endif
import ImptPluginAPI

/// The parsed arguments of one 1.3 handler call, as the plugin sees them through "impt.args/1":
/// every option's value in C form (strings and lists allocated once, before the call, and freed
/// after it), found by option name.
final class ArgumentSet {
    /// The set whose handler is running; the handle a plugin passes must be this one's.
    nonisolated(unsafe) static var current: ArgumentSet?

    struct Entry {
        /// The option's long name, NUL-terminated (compared with `strcmp`).
        let name: UnsafeMutablePointer<CChar>
        let kind: OptionKind
        let value: OptionValue
        let given: Bool
        /// `string`: the value; `list`: the NULL-terminated array (as `UnsafeMutableRawPointer`).
        var pointer: UnsafeMutableRawPointer?
        var count = 0
    }

    private(set) var entries: [Entry] = []
    private var allocations: [UnsafeMutableRawPointer] = []

    /// The command's name, NUL-terminated.
    let command: UnsafeMutablePointer<CChar>

    init(command name: String, options: [OptionSpec], parsed: ParsedArguments) {
        command = CString.duplicate(name)
        allocations.append(UnsafeMutableRawPointer(command))
        for (option, value) in zip(options, parsed.values) {
            let name = CString.duplicate(option.name)
            allocations.append(UnsafeMutableRawPointer(name))
            var entry = Entry(name: name, kind: option.kind, value: value, given: parsed.given.contains(option.name))
            switch value {
            case .string(let text?):
                entry.pointer = UnsafeMutableRawPointer(keep(text))
            case .list(let items):
                let array = malloc(MemoryLayout<UnsafeRawPointer?>.stride * (items.count + 1))!
                allocations.append(array)
                let slots = array.bindMemory(to: UnsafeRawPointer?.self, capacity: items.count + 1)
                for (index, item) in items.enumerated() { slots[index] = UnsafeRawPointer(keep(item)) }
                slots[items.count] = nil
                entry.pointer = array
                entry.count = items.count
            default:
                break
            }
            entries.append(entry)
        }
    }

    deinit {
        allocations.forEach { free($0) }
    }

    private func keep(_ text: String) -> UnsafeMutablePointer<CChar> {
        let copy = CString.duplicate(text)
        allocations.append(UnsafeMutableRawPointer(copy))
        return copy
    }

    /// The opaque handle handed to the plugin.
    var handle: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }

    /// The running set behind a handle.
    static func from(_ handle: OpaquePointer?) -> ArgumentSet? {
        guard let current, let handle, handle == current.handle else { return nil }
        return current
    }

    /// The entry of option `name`, or a failure naming what is wrong: no such option, or one of
    /// another type than the accessor serves.
    func entry(_ name: UnsafePointer<CChar>, as kind: OptionKind, accessor: String) -> Result<Entry, ImptError> {
        guard let entry = entries.first(where: { strcmp($0.name, name) == 0 }) else {
            let given = String(cString: name)
            return .failure(.invalidArgument("Internal error: the plugin reads an option \"--\(given)\" that its command does not declare."))
        }
        guard entry.kind == kind else {
            let option = String(cString: entry.name)
            return .failure(
                .invalidArgument(
                    "Internal error: the plugin reads option \"--\(option)\" with impt.args/1 \(accessor), "
                        + "but declares it as a \(entry.kind.typeName) option."))
        }
        return .success(entry)
    }
}

extension OptionKind {
    /// How the ABI names the type, for messages.
    var typeName: String {
        switch self {
        case .string: return "string"
        case .flag: return "flag"
        case .bool: return "true/false"
        case .int: return "integer"
        case .stringList: return "string list"
        case .number: return "number"
        }
    }
}
