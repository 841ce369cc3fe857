import ImptPluginAPI

extension Context {
    /// The failure for an impCentral answer without what the API promises, in the original's words:
    /// `Internal error: Unexpected format of impCentral response.`
    public func unexpectedResponse() -> PluginFailure {
        fail(IMPT_ERR_INTERNAL, "Internal error: Unexpected format of impCentral response.")
    }

    /// Sends a request whose answer carries one resource with an id, and returns that resource
    /// (`data`); anything else is `unexpectedResponse()`.
    public func requestResource(
        _ method: String, _ path: String, body: JSONLiteral? = nil, headers: [String] = []
    ) throws(PluginFailure) -> Value {
        guard let resource = try request(method, path, body: body, headers: headers)?["data"], resource.id != nil else {
            throw unexpectedResponse()
        }
        return resource
    }
}
