import ImptPluginAPI

/// The host's function table and services, as given to the entry function. The ABI 1.2 tables
/// are used when the host offers them; against an older host they are nil and the SDK falls back
/// to the 1.0 services (see each wrapper).
public enum PluginHost {
    nonisolated(unsafe) private(set) static var host: UnsafePointer<impt_host>?
    /// `impt.values/2` when offered (its leading members are those of /1), else `impt.values/1`.
    nonisolated(unsafe) private(set) static var values: UnsafePointer<impt_values_v1>?
    nonisolated(unsafe) private(set) static var output: UnsafePointer<impt_output_v1>?
    nonisolated(unsafe) private(set) static var prompt: UnsafePointer<impt_prompt_v1>?
    nonisolated(unsafe) private(set) static var config: UnsafePointer<impt_config_v1>?
    nonisolated(unsafe) private(set) static var api: UnsafePointer<impt_api_v1>?
    nonisolated(unsafe) private(set) static var entities: UnsafePointer<impt_entities_v1>?

    nonisolated(unsafe) private(set) static var values2: UnsafePointer<impt_values_v2>?
    nonisolated(unsafe) private(set) static var output2: UnsafePointer<impt_output_v2>?
    /// `impt.output/3`, nil on a host older than ABI 1.3.
    nonisolated(unsafe) private(set) static var output3: UnsafePointer<impt_output_v3>?
    nonisolated(unsafe) private(set) static var config2: UnsafePointer<impt_config_v2>?
    nonisolated(unsafe) private(set) static var api2: UnsafePointer<impt_api_v2>?
    /// `impt.stream/1`, nil on a host older than ABI 1.2.
    nonisolated(unsafe) private(set) static var stream: UnsafePointer<impt_stream_v1>?
    /// `impt.args/1`, nil on a host older than ABI 1.3 (which never calls a `run` handler).
    nonisolated(unsafe) private(set) static var args: UnsafePointer<impt_args_v1>?

    static func install(_ host: UnsafePointer<impt_host>) {
        self.host = host
        values2 = service(IMPT_SERVICE_VALUES_V2)
        output3 = service(IMPT_SERVICE_OUTPUT_V3)
        output2 = prefix(output3) ?? service(IMPT_SERVICE_OUTPUT_V2)
        config2 = service(IMPT_SERVICE_CONFIG_V2)
        api2 = service(IMPT_SERVICE_API_V2)
        stream = service(IMPT_SERVICE_STREAM_V1)
        args = service(IMPT_SERVICE_ARGS_V1)
        values = prefix(values2) ?? service(IMPT_SERVICE_VALUES_V1)
        output = prefix(output2) ?? service(IMPT_SERVICE_OUTPUT_V1)
        config = prefix(config2) ?? service(IMPT_SERVICE_CONFIG_V1)
        api = prefix(api2) ?? service(IMPT_SERVICE_API_V1)
        prompt = service(IMPT_SERVICE_PROMPT_V1)
        entities = service(IMPT_SERVICE_ENTITIES_V1)
    }

    private static func service<T>(_ id: String) -> UnsafePointer<T>? {
        guard let host, let raw = host.pointee.get_service(id) else { return nil }
        return raw.assumingMemoryBound(to: T.self)
    }

    /// A /2 table seen as its /1 prefix: a /2 table begins with every member of /1, in order.
    private static func prefix<Newer, Older>(_ table: UnsafePointer<Newer>?) -> UnsafePointer<Older>? {
        guard let table, MemoryLayout<Newer>.size >= MemoryLayout<Older>.size else { return nil }
        return UnsafeRawPointer(table).assumingMemoryBound(to: Older.self)
    }
}
