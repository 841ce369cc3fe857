#if canImport(Glibc)
import Glibc
#endif
import CImptFFI
import ImptPluginAPI

/// Calls a command handler through libffi with one C argument per declared option:
/// `int32_t handler(impt_context *ctx, <option values in declaration order>)`.
enum HandlerInvoker {
    /// Calls a handler of either form.
    static func call(_ handler: CommandHandler, context: OpaquePointer, command: CommandSpec, parsed: ParsedArguments)
        throws(ImptError) -> Int32
    {
        switch handler {
        case .positional(let function):
            return try call(function, context: context, values: parsed.values)
        case .run(let run, let layout):
            return call(run, context: context, layout: layout, parsed: parsed)
        }
    }

    /// The 1.3 form: `int32_t run(impt_context *ctx, const impt_arguments *args)`, called
    /// directly; the plugin reads the arguments through "impt.args/1" while it runs.
    static func call(_ run: impt_run_fn, context: OpaquePointer, layout: ArgumentLayout, parsed: ParsedArguments) -> Int32 {
        let arguments = ArgumentSet(layout: layout, parsed: parsed)
        let outer = ArgumentSet.current
        ArgumentSet.current = arguments
        defer { ArgumentSet.current = outer }
        return run(context, arguments.handle)
    }

    static func call(_ handler: impt_handler, context: OpaquePointer, values: [OptionValue]) throws(ImptError) -> Int32 {
        var allocations: [UnsafeMutableRawPointer] = []
        defer { allocations.forEach { free($0) } }
        func cString(_ text: String) -> UnsafeRawPointer {
            let copy = CString.duplicate(text)
            allocations.append(UnsafeMutableRawPointer(copy))
            return UnsafeRawPointer(copy)
        }

        var arguments: [impt_ffi_argument] = [pointer(UnsafeRawPointer(context))]
        for value in values {
            switch value {
            case .string(let text):
                arguments.append(pointer(text.map(cString)))
            case .flag(let on):
                var argument = impt_ffi_argument()
                argument.kind = Int32(IMPT_FFI_BOOL.rawValue)
                argument.value.boolean = on
                arguments.append(argument)
            case .bool(let state):
                var argument = impt_ffi_argument()
                argument.kind = Int32(IMPT_FFI_INT32.rawValue)
                argument.value.int32 = state
                arguments.append(argument)
            case .int(let number):
                var argument = impt_ffi_argument()
                argument.kind = Int32(IMPT_FFI_INT64.rawValue)
                argument.value.int64 = number ?? Int64.min
                arguments.append(argument)
            case .number(let number):
                var argument = impt_ffi_argument()
                argument.kind = Int32(IMPT_FFI_DOUBLE.rawValue)
                argument.value.number = number ?? .nan
                arguments.append(argument)
            case .list(let items):
                let array = malloc(MemoryLayout<UnsafeRawPointer?>.stride * (items.count + 1))!
                allocations.append(array)
                let slots = array.bindMemory(to: UnsafeRawPointer?.self, capacity: items.count + 1)
                for (index, item) in items.enumerated() { slots[index] = cString(item) }
                slots[items.count] = nil
                arguments.append(pointer(UnsafeRawPointer(array)))
            }
        }
        var result: Int32 = 0
        var error = [CChar](repeating: 0, count: 256)
        let outcome = arguments.withUnsafeBufferPointer {
            impt_ffi_invoke(handler, $0.baseAddress, $0.count, &result, &error, error.count)
        }
        guard outcome == 0 else {
            throw .internalError("cannot call the command handler (\(String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))")
        }
        return result
    }

    private static func pointer(_ value: UnsafeRawPointer?) -> impt_ffi_argument {
        var argument = impt_ffi_argument()
        argument.kind = Int32(IMPT_FFI_POINTER.rawValue)
        argument.value.pointer = value
        return argument
    }
}
