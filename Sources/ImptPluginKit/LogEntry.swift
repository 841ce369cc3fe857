import ImptPluginAPI

/// One device log entry (`{"ts", "type", "msg"}`, with `device_id` in streams), kept in Swift so
/// that it outlives the values scope it was read in.
public struct LogEntry: Sendable {
    public var deviceID: String?
    public var ts: String
    public var type: String
    public var msg: String

    public init(deviceID: String?, ts: String, type: String, msg: String) {
        self.deviceID = deviceID
        self.ts = ts
        self.type = type
        self.msg = msg
    }

    /// The entry of a JSON object; nil when it is not an object.
    public init?(_ value: Value, deviceID: String? = nil) {
        guard value.kind == IMPT_VALUE_OBJECT else { return nil }
        func text(_ key: String) -> String {
            guard let member = value[key] else { return "" }
            return member.string ?? (member.isNull ? "" : member.context.serialize(member))
        }
        self.deviceID = value["device_id"]?.string ?? deviceID
        ts = text("ts")
        type = text("type")
        msg = text("msg")
    }

    public var time: LogTimestamp? { LogTimestamp(ts) }

    /// `<ts> [<type>] <msg>`, with `[<device_id>] ` in front when `withDevice` and the device is known.
    public func line(withDevice: Bool) -> String {
        let body = "\(ts) [\(type)] \(msg)"
        guard withDevice, let deviceID else { return body }
        return "[\(deviceID)] " + body
    }

    /// `{"device_id"?, "ts", "type", "msg"}`.
    public var object: JSONLiteral {
        var members: [(String, JSONLiteral)] = []
        if let deviceID { members.append(("device_id", .string(deviceID))) }
        members += [("ts", .string(ts)), ("type", .string(type)), ("msg", .string(msg))]
        return .object(members)
    }
}
