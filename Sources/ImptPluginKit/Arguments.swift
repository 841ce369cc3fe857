import ImptPluginAPI

/// Conversions of handler parameters into Swift values.
public enum Arguments {
    public static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    public static func list(_ pointer: UnsafePointer<UnsafePointer<CChar>?>?) -> [String] {
        guard var cursor = pointer else { return [] }
        var items: [String] = []
        while let item = cursor.pointee {
            items.append(String(cString: item))
            cursor += 1
        }
        return items
    }

    /// An `IMPT_OPTION_BOOL` parameter: nil when absent.
    public static func boolean(_ state: Int32) -> Bool? {
        state == IMPT_BOOL_UNSET ? nil : state != 0
    }

    /// An `IMPT_OPTION_INT` parameter: nil when absent.
    public static func integer(_ value: Int64) -> Int64? {
        value == Int64.min ? nil : value
    }
}

/// Shorthands for the C handler parameter types.
public typealias CContext = OpaquePointer?
public typealias CString = UnsafePointer<CChar>?
public typealias CStringList = UnsafePointer<UnsafePointer<CChar>?>?
