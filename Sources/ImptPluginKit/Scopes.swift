import ImptPluginAPI

extension Context {
    /// Runs `body` in a values scope (impt.values/2): every value it creates is released when it
    /// returns, so a loop keeps its memory bounded. To keep a value, copy it (`set`/`append`)
    /// into a container created outside. On an older host values live until the handler returns.
    public func withScope<Result>(_ body: () throws(PluginFailure) -> Result) throws(PluginFailure) -> Result {
        guard let values2 = PluginHost.values2 else { return try body() }
        let mark = values2.pointee.scope_begin(handle)
        defer { values2.pointee.scope_end(handle, mark) }
        return try body()
    }
}
