#if canImport(Glibc)
import Glibc
#endif
import ImptPluginAPI

/// A service call failed or the command decided to fail; the host already holds the message.
public struct PluginFailure: Error, Equatable {
    public let status: Int32
    public init(status: Int32) { self.status = status }
}

/// An entity found from an identifier.
public struct Entity {
    public let id: String
    /// The identifier to show in messages.
    public let ref: String
    /// The resource.
    public let data: Value

    public init(id: String, ref: String, data: Value) {
        self.id = id
        self.ref = ref
        self.data = data
    }
}

/// The running command (`impt_context *`) and typed access to every host service.
public struct Context {
    public let handle: OpaquePointer

    public init(handle: OpaquePointer) {
        self.handle = handle
    }

    /// Runs a handler body and returns the status for the host.
    public static func run(_ handle: OpaquePointer?, _ body: (Context) throws(PluginFailure) -> Void) -> Int32 {
        guard let handle, PluginHost.host != nil, PluginHost.values != nil else { return Int32(IMPT_ERR_INTERNAL.rawValue) }
        do {
            try body(Context(handle: handle))
            return Int32(IMPT_OK.rawValue)
        } catch {
            return error.status
        }
    }

    private func check(_ status: Int32) throws(PluginFailure) {
        if status != Int32(IMPT_OK.rawValue) { throw PluginFailure(status: status) }
    }

    private func service<T>(_ table: UnsafePointer<T>?) throws(PluginFailure) -> UnsafePointer<T> {
        guard let table else { throw fail(IMPT_ERR_INTERNAL, "Internal error: this impt lacks a service the command needs.") }
        return table
    }

    // MARK: Failures

    /// Records a failure and returns it, to be thrown.
    public func fail(_ status: impt_status, _ message: String) -> PluginFailure {
        let code = Int32(status.rawValue)
        _ = PluginHost.host!.pointee.fail(handle, code, message)
        return PluginFailure(status: code)
    }

    /// A command-line mistake found by the command itself (the host prints the help first).
    public func usage(_ message: String) -> PluginFailure { fail(IMPT_ERR_USAGE, message) }

    /// The recorded failure: status, HTTP status and message.
    public var lastError: (status: Int32, httpStatus: Int32, message: String) {
        var info = impt_error_info()
        info.header = impt_struct_header(
            struct_size: UInt32(MemoryLayout<impt_error_info>.size), abi_major: UInt16(IMPT_ABI_MAJOR),
            abi_minor: UInt16(IMPT_ABI_MINOR))
        _ = PluginHost.host!.pointee.last_error(handle, &info)
        return (info.status, info.http_status, info.message.map { String(cString: $0) } ?? "")
    }

    public func clearError() { PluginHost.host!.pointee.clear_error(handle) }

    // MARK: Values

    public func make(_ literal: JSONLiteral) -> Value {
        let table = PluginHost.values!.pointee
        let raw: OpaquePointer?
        switch literal {
        case .null: raw = table.new_null(handle)
        case .bool(let b): raw = table.new_bool(handle, b)
        case .int(let i): raw = table.new_integer(handle, i)
        case .number(let d): raw = table.new_number(handle, d)
        case .string(let s): raw = table.new_string(handle, s)
        case .value(let value): return value
        case .array(let elements):
            raw = table.new_array(handle)
            for element in elements { _ = table.append(handle, raw, make(element).handle) }
        case .object(let members):
            raw = table.new_object(handle)
            for (key, member) in members { _ = table.set(handle, raw, key, make(member).handle) }
        }
        return Value(context: self, handle: raw!)
    }

    // MARK: Output

    public var outputMode: impt_output_mode {
        impt_output_mode(rawValue: UInt32(bitPattern: PluginHost.output?.pointee.mode(handle) ?? 0))
    }

    public func info(_ text: String) { PluginHost.output?.pointee.info(handle, text) }
    public func result(_ value: Value) { PluginHost.output?.pointee.result(handle, value.handle) }
    public func result(_ literal: JSONLiteral) { result(make(literal)) }
    public func infoResult(_ value: Value) { PluginHost.output?.pointee.info_result(handle, value.handle) }
    public func errorLine(_ text: String) { PluginHost.output?.pointee.error_line(handle, text) }
    public func statusLine(success: Bool) { PluginHost.output?.pointee.status_line(handle, success) }

    // MARK: Prompts

    public func confirm(_ message: String?) throws(PluginFailure) {
        try check(try service(PluginHost.prompt).pointee.confirm(handle, message))
    }

    public func input(_ label: String, hidden: Bool) throws(PluginFailure) -> String {
        var out: UnsafeMutablePointer<CChar>?
        try check(try service(PluginHost.prompt).pointee.input(handle, label, hidden, &out))
        defer { PluginHost.host!.pointee.free(out) }
        return out.map { String(cString: $0) } ?? ""
    }

    public func choose(_ title: String, _ choices: [String]) throws(PluginFailure) -> Int {
        let prompt = try service(PluginHost.prompt)
        var index = 0
        let status = withCStrings(choices) { pointers in prompt.pointee.choose(handle, title, pointers, choices.count, &index) }
        try check(status)
        return index
    }

    public func waitEnter(_ message: String) throws(PluginFailure) {
        try check(try service(PluginHost.prompt).pointee.wait_enter(handle, message))
    }

    // MARK: Config

    public func loadProject() throws(PluginFailure) -> Value {
        var out: OpaquePointer?
        try check(try service(PluginHost.config).pointee.project_load(handle, &out))
        return Value(context: self, handle: out!)
    }

    public func saveProject(_ project: JSONLiteral) throws(PluginFailure) {
        try check(try service(PluginHost.config).pointee.project_save(handle, make(project).handle))
    }

    public func deleteProject() throws(PluginFailure) {
        try check(try service(PluginHost.config).pointee.project_delete(handle))
    }

    public func authFileExists(local: Bool) -> Bool {
        PluginHost.config?.pointee.auth_file_exists(handle, local) ?? false
    }

    public func deleteAuthFile(local: Bool) throws(PluginFailure) {
        try check(try service(PluginHost.config).pointee.auth_file_delete(handle, local))
    }

    // MARK: impCentral API

    /// Sends one request; returns the response body (nil when empty).
    @discardableResult
    public func request(
        _ method: String, _ path: String, query: JSONLiteral? = nil, body: JSONLiteral? = nil, headers: [String] = []
    ) throws(PluginFailure) -> Value? {
        let api = try service(PluginHost.api)
        var out: OpaquePointer?
        let queryValue = query.map(make)
        let bodyValue = body.map(make)
        let status = withCStrings(headers) { lines in
            api.pointee.request(handle, method, path, queryValue?.handle, bodyValue?.handle, headers.isEmpty ? nil : lines, &out)
        }
        try check(status)
        return out.map { Value(context: self, handle: $0) }
    }

    /// Every resource of a collection (all pages).
    public func list(_ path: String, query: JSONLiteral? = nil) throws(PluginFailure) -> [Value] {
        var out: OpaquePointer?
        try check(try service(PluginHost.api).pointee.list(handle, path, query.map(make)?.handle, &out))
        return Value(context: self, handle: out!).elements
    }

    /// Several requests, five at a time; each entry has status, http_status, message and body.
    public func requestMany(_ requests: [JSONLiteral]) throws(PluginFailure) -> [Value] {
        var out: OpaquePointer?
        try check(try service(PluginHost.api).pointee.request_many(handle, make(.array(requests)).handle, &out))
        return Value(context: self, handle: out!).elements
    }

    /// The caller's account id.
    public func accountID() throws(PluginFailure) -> String {
        var out: OpaquePointer?
        try check(try service(PluginHost.api).pointee.account_id(handle, &out))
        return Value(context: self, handle: out!).string ?? ""
    }

    public func login(endpoint: String?, user: String?, password: String?, loginKey: String?, local: Bool, temporary: Bool)
        throws(PluginFailure)
    {
        let api = try service(PluginHost.api)
        var flags: UInt32 = 0
        if local { flags |= UInt32(IMPT_LOGIN_LOCAL) }
        if temporary { flags |= UInt32(IMPT_LOGIN_TEMPORARY) }
        let strings = [endpoint, user, password, loginKey].map { $0.map { strdup($0)! } }
        defer { strings.forEach { free($0) } }
        var request = impt_login_request(
            header: impt_struct_header(
                struct_size: UInt32(MemoryLayout<impt_login_request>.size), abi_major: UInt16(IMPT_ABI_MAJOR),
                abi_minor: UInt16(IMPT_ABI_MINOR)),
            endpoint: strings[0].map { UnsafePointer($0) }, user: strings[1].map { UnsafePointer($0) },
            password: strings[2].map { UnsafePointer($0) }, login_key: strings[3].map { UnsafePointer($0) }, flags: flags)
        try check(api.pointee.login(handle, &request))
    }

    /// The `Auth` description, and the failure that cut it short, if any.
    public func authInfo() throws(PluginFailure) -> (Value?, PluginFailure?) {
        var out: OpaquePointer?
        let status = try service(PluginHost.api).pointee.auth_info(handle, &out)
        let value = out.map { Value(context: self, handle: $0) }
        return (value, status == 0 ? nil : PluginFailure(status: status))
    }

    // MARK: Entities

    /// The one entity an identifier means (nil identifier: the project's default).
    public func resolve(_ kind: impt_entity_kind, _ identifier: String?, flags: UInt32 = 0) throws(PluginFailure) -> Entity {
        var out: OpaquePointer?
        try check(try service(PluginHost.entities).pointee.resolve(handle, Int32(kind.rawValue), identifier, flags, &out))
        let value = Value(context: self, handle: out!)
        return Entity(id: value["id"]?.string ?? "", ref: value["ref"]?.string ?? "", data: value["data"]!)
    }

    /// Ids of every entity an identifier matches.
    public func find(_ kind: impt_entity_kind, _ identifier: String) throws(PluginFailure) -> [String] {
        var out: OpaquePointer?
        try check(try service(PluginHost.entities).pointee.find(handle, Int32(kind.rawValue), identifier, &out))
        return Value(context: self, handle: out!).elements.compactMap(\.string)
    }

    /// `{"<Type>": {...}}` for a resource.
    public func display(_ kind: impt_entity_kind, _ set: impt_display_set, _ resource: Value) throws(PluginFailure) -> Value {
        var out: OpaquePointer?
        try check(
            try service(PluginHost.entities).pointee.display(handle, Int32(kind.rawValue), Int32(set.rawValue), resource.handle, &out))
        return Value(context: self, handle: out!)
    }

    /// Runs a deletion plan (summary, confirmation, steps).
    public func delete(_ plan: JSONLiteral, confirmed: Bool) throws(PluginFailure) {
        try check(try service(PluginHost.entities).pointee.delete_plan(handle, make(plan).handle, confirmed))
    }

    public static func typeName(_ kind: impt_entity_kind) -> String {
        PluginHost.entities?.pointee.type_name(Int32(kind.rawValue)).map { String(cString: $0) } ?? ""
    }
}

/// Calls `body` with a NULL-terminated array of C strings.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies = strings.map { strdup($0)! }
    defer { copies.forEach { free($0) } }
    var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
    pointers.append(nil)
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
