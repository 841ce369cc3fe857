import ImptPluginAPI

/// The arguments of a 1.3 handler call, read through "impt.args/1" as Swift values.
public struct ArgumentReader {
    public let context: Context
    let handle: OpaquePointer?

    public init(context: Context, handle: OpaquePointer?) {
        self.context = context
        self.handle = handle
    }

    private func service() throws(PluginFailure) -> UnsafePointer<impt_args_v1> {
        guard let args = PluginHost.args else {
            throw context.fail(IMPT_ERR_INTERNAL, "Internal error: impt offers no impt.args/1 service.")
        }
        return args
    }

    private func check(_ status: Int32) throws(PluginFailure) {
        if status != Int32(IMPT_OK.rawValue) { throw PluginFailure(status: status) }
    }

    /// The name of the command being run.
    public var command: String {
        PluginHost.args?.pointee.command(context.handle, handle).map { String(cString: $0) } ?? ""
    }

    /// Whether the option was given on the command line.
    public func given(_ name: String) -> Bool {
        PluginHost.args?.pointee.given(context.handle, handle, name) ?? false
    }

    public func string(_ name: String) throws(PluginFailure) -> String? {
        var out: UnsafePointer<CChar>?
        try check(try service().pointee.string(context.handle, handle, name, &out))
        return out.map { String(cString: $0) }
    }

    public func list(_ name: String) throws(PluginFailure) -> [String] {
        var out: UnsafePointer<UnsafePointer<CChar>?>?
        var count = 0
        try check(try service().pointee.list(context.handle, handle, name, &out, &count))
        guard let out else { return [] }
        return (0..<count).compactMap { out[$0].map { String(cString: $0) } }
    }

    public func flag(_ name: String) throws(PluginFailure) -> Bool {
        var out = false
        try check(try service().pointee.flag(context.handle, handle, name, &out))
        return out
    }

    public func tristate(_ name: String) throws(PluginFailure) -> Bool? {
        var out: Int32 = IMPT_BOOL_UNSET
        try check(try service().pointee.tristate(context.handle, handle, name, &out))
        return out == IMPT_BOOL_UNSET ? nil : out != 0
    }

    public func integer(_ name: String) throws(PluginFailure) -> Int? {
        var out = Int64.min
        try check(try service().pointee.integer(context.handle, handle, name, &out))
        return out == Int64.min ? nil : Int(out)
    }

    public func number(_ name: String) throws(PluginFailure) -> Double? {
        var out = Double.nan
        try check(try service().pointee.number(context.handle, handle, name, &out))
        return out.isNaN ? nil : out
    }
}
