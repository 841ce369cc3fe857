import ImptPluginAPI

/// The host's function table and services, as given to the entry function.
public enum PluginHost {
    nonisolated(unsafe) private(set) static var host: UnsafePointer<impt_host>?
    nonisolated(unsafe) private(set) static var values: UnsafePointer<impt_values_v1>?
    nonisolated(unsafe) private(set) static var output: UnsafePointer<impt_output_v1>?
    nonisolated(unsafe) private(set) static var prompt: UnsafePointer<impt_prompt_v1>?
    nonisolated(unsafe) private(set) static var config: UnsafePointer<impt_config_v1>?
    nonisolated(unsafe) private(set) static var api: UnsafePointer<impt_api_v1>?
    nonisolated(unsafe) private(set) static var entities: UnsafePointer<impt_entities_v1>?

    static func install(_ host: UnsafePointer<impt_host>) {
        self.host = host
        values = service(IMPT_SERVICE_VALUES_V1)
        output = service(IMPT_SERVICE_OUTPUT_V1)
        prompt = service(IMPT_SERVICE_PROMPT_V1)
        config = service(IMPT_SERVICE_CONFIG_V1)
        api = service(IMPT_SERVICE_API_V1)
        entities = service(IMPT_SERVICE_ENTITIES_V1)
    }

    private static func service<T>(_ id: String) -> UnsafePointer<T>? {
        guard let host, let raw = host.pointee.get_service(id) else { return nil }
        return raw.assumingMemoryBound(to: T.self)
    }
}
