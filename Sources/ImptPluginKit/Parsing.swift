import ImptPluginAPI

extension Context {
    /// Parses JSON text (such as an option's value) into a host value; nil when the text is not
    /// valid JSON. A parse failure is not recorded as the command's failure.
    public func parseJSON(_ text: String) -> Value? {
        var out: OpaquePointer?
        let status = PluginHost.values!.pointee.parse(handle, text, &out)
        guard status == Int32(IMPT_OK.rawValue), let out else {
            clearError()
            return nil
        }
        return Value(context: self, handle: out)
    }

    /// The compact JSON text of a value.
    public func serialize(_ value: Value) -> String {
        guard let text = PluginHost.values!.pointee.serialize(handle, value.handle, false) else { return "" }
        defer { PluginHost.host!.pointee.free(text) }
        return String(cString: text)
    }
}
