#if canImport(Glibc)
import Glibc
#endif
import ImptPluginAPI

/// "impt.args/1": the arguments of a 1.3 handler, read by option name (`ArgumentSet`).
enum ArgsService {
    private static let invalid = Int32(IMPT_ERR_INVALID_ARGUMENT.rawValue)
    private static let ok = Int32(IMPT_OK.rawValue)

    /// The entry for an accessor, or the recorded failure's status when there is none of `kind`.
    @inline(__always)
    private static func lookup(
        _ ctx: OpaquePointer?, _ args: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ kind: OptionKind, _ accessor: String
    ) -> (ArgumentSet.Entry?, Int32) {
        // The arguments handle is only valid while its handler runs (in its invocation).
        if let set = ArgumentSet.from(args), let name, let index = set.layout.index(of: name), set.layout.kinds[index] == kind {
            return (set.entries[index], ok)
        }
        guard let invocation = Invocation.from(ctx) else { return (nil, invalid) }
        guard let set = ArgumentSet.from(args), let name else {
            return (nil, invocation.record(.invalidArgument("impt.args/1 \(accessor) was given no arguments handle or no name")))
        }
        return (nil, invocation.record(set.misuse(name, accessor: accessor)))
    }

    nonisolated(unsafe) static let table = permanent(
        impt_args_v1(
            header: hostHeader(impt_args_v1.self),
            string: { ctx, args, name, out in
                let (entry, status) = lookup(ctx, args, name, .string, "string")
                out?.pointee = entry?.pointer?.assumingMemoryBound(to: CChar.self)
                return status
            },
            list: { ctx, args, name, out, count in
                let (entry, status) = lookup(ctx, args, name, .stringList, "list")
                out?.pointee = entry?.pointer?.assumingMemoryBound(to: UnsafePointer<CChar>?.self)
                count?.pointee = entry?.count ?? 0
                return status
            },
            flag: { ctx, args, name, out in
                let (entry, status) = lookup(ctx, args, name, .flag, "flag")
                out?.pointee = (entry?.integer ?? 0) != 0
                return status
            },
            tristate: { ctx, args, name, out in
                let (entry, status) = lookup(ctx, args, name, .bool, "tristate")
                out?.pointee = entry.map { Int32(truncatingIfNeeded: $0.integer) } ?? IMPT_BOOL_UNSET
                return status
            },
            integer: { ctx, args, name, out in
                let (entry, status) = lookup(ctx, args, name, .int, "integer")
                out?.pointee = entry?.integer ?? Int64.min
                return status
            },
            number: { ctx, args, name, out in
                let (entry, status) = lookup(ctx, args, name, .number, "number")
                out?.pointee = entry?.number ?? .nan
                return status
            },
            given: { ctx, args, name in
                guard Invocation.from(ctx) != nil, let set = ArgumentSet.from(args), let name, let index = set.layout.index(of: name)
                else { return false }
                return set.wasGiven(index)
            },
            command: { ctx, args in
                guard Invocation.from(ctx) != nil, let set = ArgumentSet.from(args) else { return nil }
                return set.command
            }
        ))
}
