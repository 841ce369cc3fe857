#if canImport(Glibc)
import Glibc
#endif
import ImptPluginAPI

/// What a 1.3 command's arguments look like, prepared once when its plugin is loaded: its name
/// and option names in C form, and the option types.
final class ArgumentLayout: @unchecked Sendable {
    let command: UnsafeMutablePointer<CChar>
    let names: [UnsafeMutablePointer<CChar>]
    let optionNames: [String]
    let kinds: [OptionKind]

    init(_ spec: CommandSpec) {
        command = CString.duplicate(spec.name)
        names = spec.options.map { CString.duplicate($0.name) }
        optionNames = spec.options.map(\.name)
        kinds = spec.options.map(\.kind)
    }

    /// The index of option `name`, or nil.
    @inline(__always)
    func index(of name: UnsafePointer<CChar>) -> Int? {
        names.firstIndex { strcmp($0, name) == 0 }
    }
}

/// The parsed arguments of one 1.3 handler call, as the plugin sees them through "impt.args/1":
/// every option's value in C form (strings and lists allocated once, before the call, and freed
/// after it), found by option name. Plain C values throughout, so reading one costs a name
/// comparison and a copy.
final class ArgumentSet {
    /// The set whose handler is running; the handle a plugin passes must be this one's. A plain
    /// memory cell, not a static property: every accessor call reads it, and a property would
    /// add a dynamic exclusivity check to each read.
    nonisolated(unsafe) private static let cell: UnsafeMutablePointer<Unmanaged<ArgumentSet>?> = {
        let cell = UnsafeMutablePointer<Unmanaged<ArgumentSet>?>.allocate(capacity: 1)
        cell.initialize(to: nil)
        return cell
    }()

    static var current: ArgumentSet? {
        get { cell.pointee?.takeUnretainedValue() }
        set {
            cell.pointee?.release()
            cell.pointee = newValue.map { Unmanaged.passRetained($0) }
        }
    }

    /// One option's value as the accessors hand it out.
    struct Entry {
        /// `string`: the value or NULL; `list`: the NULL-terminated array.
        var pointer: UnsafeRawPointer?
        /// `list`: the number of values.
        var count = 0
        /// `flag` (0 or 1), `tristate` (-1, 0, 1) and `integer` values.
        var integer: Int64 = 0
        var number: Double = .nan
    }

    let layout: ArgumentLayout
    private let given: Set<String>
    private(set) var entries: [Entry] = []
    /// The C strings and lists the entries point into.
    private let block: UnsafeMutableRawPointer

    var command: UnsafePointer<CChar> { UnsafePointer(layout.command) }

    init(layout: ArgumentLayout, parsed: ParsedArguments) {
        self.layout = layout
        given = parsed.given
        // One block holds every list's pointer array, then every string: one allocation per call.
        var slots = 0
        var bytes = 0
        for value in parsed.values {
            switch value {
            case .string(let text?): bytes += text.utf8.count + 1
            case .list(let items):
                slots += items.count + 1
                for item in items { bytes += item.utf8.count + 1 }
            default: break
            }
        }
        let pointerSize = MemoryLayout<UnsafeRawPointer?>.stride
        block = malloc(max(1, slots * pointerSize + bytes))!
        let pointers = block.bindMemory(to: UnsafeRawPointer?.self, capacity: slots)
        var nextSlot = 0
        var text = block.advanced(by: slots * pointerSize).assumingMemoryBound(to: UInt8.self)
        func keep(_ string: String) -> UnsafeRawPointer {
            let start = text
            for byte in string.utf8 {
                text.pointee = byte
                text += 1
            }
            text.pointee = 0
            text += 1
            return UnsafeRawPointer(start)
        }
        entries.reserveCapacity(parsed.values.count)
        for value in parsed.values {
            var entry = Entry()
            switch value {
            case .string(let text):
                entry.pointer = text.map(keep)
            case .list(let items):
                entry.pointer = UnsafeRawPointer(pointers + nextSlot)
                for item in items {
                    pointers[nextSlot] = keep(item)
                    nextSlot += 1
                }
                pointers[nextSlot] = nil
                nextSlot += 1
                entry.count = items.count
            case .flag(let on):
                entry.integer = on ? 1 : 0
            case .bool(let state):
                entry.integer = Int64(state)
            case .int(let number):
                entry.integer = number ?? Int64.min
            case .number(let number):
                entry.number = number ?? .nan
            }
            entries.append(entry)
        }
    }

    deinit {
        free(block)
    }

    /// Whether option number `index` was given on the command line.
    func wasGiven(_ index: Int) -> Bool { given.contains(layout.optionNames[index]) }


    /// The opaque handle handed to the plugin.
    var handle: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }

    /// The running set behind a handle.
    @inline(__always)
    static func from(_ handle: OpaquePointer?) -> ArgumentSet? {
        guard let running = cell.pointee, let handle, handle == OpaquePointer(running.toOpaque()) else { return nil }
        return running.takeUnretainedValue()
    }

    /// Why an accessor cannot read option `name`: the command has no such option, or declares it
    /// with another type than the accessor serves.
    func misuse(_ name: UnsafePointer<CChar>, accessor: String) -> ImptError {
        guard let index = layout.index(of: name) else {
            let given = String(cString: name)
            return .invalidArgument("Internal error: the plugin reads an option \"--\(given)\" that its command does not declare.")
        }
        return .invalidArgument(
            "Internal error: the plugin reads option \"--\(layout.optionNames[index])\" with impt.args/1 \(accessor), "
                + "but declares it as a \(layout.kinds[index].typeName) option.")
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
