#if canImport(Glibc)
import Glibc
#endif
import ImptPluginAPI

/// "impt.args/1": the arguments of a 1.3 handler, read by option name (`ArgumentSet`).
enum ArgsService {
    private static let invalid = Int32(IMPT_ERR_INVALID_ARGUMENT.rawValue)
    private static let ok = Int32(IMPT_OK.rawValue)

    /// Finds the entry for an accessor, recording the failure when there is none of that type.
    private static func lookup(
        _ ctx: OpaquePointer?, _ args: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ kind: OptionKind, _ accessor: String
    ) -> (ArgumentSet.Entry?, Int32) {
        guard let invocation = Invocation.from(ctx) else { return (nil, invalid) }
        guard let set = ArgumentSet.from(args), let name else {
            return (nil, invocation.record(.invalidArgument("impt.args/1 \(accessor) was given no arguments handle or no name")))
        }
        switch set.entry(name, as: kind, accessor: accessor) {
        case .success(let entry): return (entry, ok)
        case .failure(let error): return (nil, invocation.record(error))
        }
    }

    nonisolated(unsafe) static let table = permanent(
        impt_args_v1(
            header: hostHeader(impt_args_v1.self),
            string: { ctx, args, name, out in
                out?.pointee = nil
                let (entry, status) = lookup(ctx, args, name, .string, "string")
                if let entry { out?.pointee = entry.pointer.map { UnsafePointer($0.assumingMemoryBound(to: CChar.self)) } }
                return status
            },
            list: { ctx, args, name, out, count in
                out?.pointee = nil
                count?.pointee = 0
                let (entry, status) = lookup(ctx, args, name, .stringList, "list")
                if let entry, let array = entry.pointer {
                    out?.pointee = UnsafePointer(array.assumingMemoryBound(to: UnsafePointer<CChar>?.self))
                    count?.pointee = entry.count
                }
                return status
            },
            flag: { ctx, args, name, out in
                out?.pointee = false
                let (entry, status) = lookup(ctx, args, name, .flag, "flag")
                if let entry, case .flag(let on) = entry.value { out?.pointee = on }
                return status
            },
            tristate: { ctx, args, name, out in
                out?.pointee = IMPT_BOOL_UNSET
                let (entry, status) = lookup(ctx, args, name, .bool, "tristate")
                if let entry, case .bool(let state) = entry.value { out?.pointee = state }
                return status
            },
            integer: { ctx, args, name, out in
                out?.pointee = Int64.min
                let (entry, status) = lookup(ctx, args, name, .int, "integer")
                if let entry, case .int(let number) = entry.value { out?.pointee = number ?? Int64.min }
                return status
            },
            number: { ctx, args, name, out in
                out?.pointee = .nan
                let (entry, status) = lookup(ctx, args, name, .number, "number")
                if let entry, case .number(let number) = entry.value { out?.pointee = number ?? .nan }
                return status
            },
            given: { ctx, args, name in
                guard Invocation.from(ctx) != nil, let set = ArgumentSet.from(args), let name else { return false }
                return set.entries.first { strcmp($0.name, name) == 0 }?.given ?? false
            },
            command: { ctx, args in
                guard Invocation.from(ctx) != nil, let set = ArgumentSet.from(args) else { return nil }
                return UnsafePointer(set.command)
            }
        ))
}
