import CImptVersion
#if canImport(Glibc)
import Glibc
#endif
import ImptPluginAPI

/// Header for a struct the host writes.
func hostHeader<T>(_ type: T.Type) -> impt_struct_header {
    impt_struct_header(
        struct_size: UInt32(MemoryLayout<T>.size), abi_major: UInt16(IMPT_ABI_MAJOR), abi_minor: UInt16(IMPT_ABI_MINOR))
}

/// Allocates a vtable that lives for the rest of the process.
func permanent<T>(_ value: T) -> UnsafeMutablePointer<T> {
    let pointer = UnsafeMutablePointer<T>.allocate(capacity: 1)
    pointer.initialize(to: value)
    return pointer
}

/// The `impt_host` every plugin receives, and the registry of service vtables.
public enum HostTable {
    /// Service ids and their vtables.
    nonisolated(unsafe) static let services: [String: UnsafeRawPointer] = [
        IMPT_SERVICE_VALUES_V1: UnsafeRawPointer(ValuesService.table),
        IMPT_SERVICE_OUTPUT_V1: UnsafeRawPointer(OutputService.table),
        IMPT_SERVICE_PROMPT_V1: UnsafeRawPointer(PromptService.table),
        IMPT_SERVICE_CONFIG_V1: UnsafeRawPointer(ConfigService.table),
        IMPT_SERVICE_API_V1: UnsafeRawPointer(ApiService.table),
        IMPT_SERVICE_API_V2: UnsafeRawPointer(ApiService.tableV2),
        IMPT_SERVICE_ENTITIES_V1: UnsafeRawPointer(EntitiesService.table),
        IMPT_SERVICE_VALUES_V2: UnsafeRawPointer(ValuesService.table2),
        IMPT_SERVICE_OUTPUT_V2: UnsafeRawPointer(OutputService.table2),
        IMPT_SERVICE_OUTPUT_V3: UnsafeRawPointer(OutputService.table3),
        IMPT_SERVICE_CONFIG_V2: UnsafeRawPointer(ConfigService.table2),
        IMPT_SERVICE_STREAM_V1: UnsafeRawPointer(StreamService.table),
        IMPT_SERVICE_ARGS_V1: UnsafeRawPointer(ArgsService.table),
    ]

    nonisolated(unsafe) private static let version = impt_version()

    nonisolated(unsafe) public static let host: UnsafePointer<impt_host> = UnsafePointer(
        permanent(
            impt_host(
                header: hostHeader(impt_host.self),
                impt_version: version,
                get_service: { id in
                    guard let id else { return nil }
                    return HostTable.services[String(cString: id)]
                },
                free: { memory in free(memory) },
                fail: { ctx, status, message in
                    guard let invocation = Invocation.from(ctx) else { return status }
                    let text = message.map { String(cString: $0) } ?? "Unexpected state"
                    let code = status == 0 ? Int32(IMPT_ERR_FAILED.rawValue) : status
                    var error = ImptError(status: impt_status(rawValue: UInt32(bitPattern: code)), lines: [.error(text)])
                    if code == Int32(IMPT_ERR_CANCELLED.rawValue) { error.lines = [.info(text)] }
                    // A failure recorded with IMPT_OK still fails: return the status recorded.
                    return invocation.record(error)
                },
                last_error: { ctx, out in
                    guard let out else { return Int32(IMPT_ERR_INVALID_ARGUMENT.rawValue) }
                    guard let invocation = Invocation.from(ctx), let failure = invocation.failure else {
                        if out.pointee.header.struct_size >= UInt32(MemoryLayout<impt_error_info>.size) {
                            out.pointee.status = 0
                            out.pointee.http_status = 0
                            out.pointee.message = nil
                        }
                        return 0
                    }
                    guard out.pointee.header.struct_size >= UInt32(MemoryLayout<impt_error_info>.size) else {
                        return failure.status
                    }
                    out.pointee.status = failure.status
                    out.pointee.http_status = failure.httpStatus
                    out.pointee.message = invocation.values.borrowMessage(failure.message)
                    return failure.status
                },
                clear_error: { ctx in Invocation.from(ctx)?.failure = nil }
            )))
}

/// impt's version, set in one place: `IMPT_VERSION` in impt_version.h.
public enum ImptVersion {
    public static let current = String(cString: impt_version())
}
