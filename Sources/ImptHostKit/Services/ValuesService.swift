import ImptPluginAPI

/// "impt.values/1" and "impt.values/2": JSON values owned by the running invocation. Both tables
/// share every function; /2 adds scopes.
enum ValuesService {
    private static func arena(_ ctx: OpaquePointer?) -> ValueArena? { Invocation.from(ctx)?.values }

    private static func make(_ ctx: OpaquePointer?, _ value: JSON) -> OpaquePointer? {
        arena(ctx)?.handle(for: value)
    }

    private static func read(_ ctx: OpaquePointer?, _ handle: OpaquePointer?) -> JSON {
        arena(ctx)?.value(handle) ?? .null
    }

    private static let ok = Int32(IMPT_OK.rawValue)
    private static let invalid = Int32(IMPT_ERR_INVALID_ARGUMENT.rawValue)

    nonisolated(unsafe) static let table = permanent(
        impt_values_v1(
            header: hostHeader(impt_values_v1.self),
            new_null: { ctx in make(ctx, .null) },
            new_bool: { ctx, value in make(ctx, .bool(value)) },
            new_integer: { ctx, value in make(ctx, .int(value)) },
            new_number: { ctx, value in make(ctx, .double(value)) },
            new_string: { ctx, text in make(ctx, text.map { .string(String(cString: $0)) } ?? .null) },
            new_array: { ctx in make(ctx, .array([])) },
            new_object: { ctx in make(ctx, .object(JSONObject())) },
            kind: { ctx, handle in
                switch read(ctx, handle) {
                case .null: return Int32(IMPT_VALUE_NULL.rawValue)
                case .bool: return Int32(IMPT_VALUE_BOOL.rawValue)
                case .int, .double: return Int32(IMPT_VALUE_NUMBER.rawValue)
                case .string: return Int32(IMPT_VALUE_STRING.rawValue)
                case .array: return Int32(IMPT_VALUE_ARRAY.rawValue)
                case .object: return Int32(IMPT_VALUE_OBJECT.rawValue)
                }
            },
            get_bool: { ctx, handle in read(ctx, handle).boolValue ?? false },
            get_integer: { ctx, handle, out in
                guard let value = read(ctx, handle).intValue, let out else { return invalid }
                out.pointee = value
                return ok
            },
            get_number: { ctx, handle in
                switch read(ctx, handle) {
                case .int(let i): return Double(i)
                case .double(let d): return d
                default: return .nan
                }
            },
            get_string: { ctx, handle in arena(ctx)?.borrowString(handle) },
            count: { ctx, handle in
                switch read(ctx, handle) {
                case .array(let a): return a.count
                case .object(let o): return o.count
                default: return 0
                }
            },
            key_at: { ctx, handle, index in arena(ctx)?.borrowKey(handle, at: index) },
            member: { ctx, handle, key in
                guard let key, let member = read(ctx, handle)[String(cString: key)] else { return nil }
                return make(ctx, member)
            },
            element: { ctx, handle, index in
                switch read(ctx, handle) {
                case .array(let a) where index < a.count: return make(ctx, a[index])
                case .object(let o) where index < o.count: return make(ctx, o.member(at: index).value)
                default: return nil
                }
            },
            lookup: { ctx, handle, path in
                guard let path, let found = read(ctx, handle).lookup(String(cString: path)) else { return nil }
                return make(ctx, found)
            },
            set: { ctx, object, key, member in
                guard let arena = arena(ctx), let key else { return invalid }
                let value = arena.value(member) ?? .null
                let name = String(cString: key)
                return arena.update(object) { target in
                    guard case .object(var o) = target else { return false }
                    target = .null  // release the storage so the change happens in place
                    o[name] = value
                    target = .object(o)
                    return true
                } ? ok : invalid
            },
            remove: { ctx, object, key in
                guard let arena = arena(ctx), let key else { return invalid }
                let name = String(cString: key)
                var found = false
                let changed = arena.update(object) { target in
                    guard case .object(var o) = target else { return false }
                    target = .null
                    found = o[name] != nil
                    o[name] = nil
                    target = .object(o)
                    return true
                }
                return changed ? (found ? ok : Int32(IMPT_ERR_NOT_FOUND.rawValue)) : invalid
            },
            append: { ctx, array, element in
                guard let arena = arena(ctx) else { return invalid }
                let value = arena.value(element) ?? .null
                return arena.update(array) { target in
                    guard case .array(var a) = target else { return false }
                    target = .null
                    a.append(value)
                    target = .array(a)
                    return true
                } ? ok : invalid
            },
            parse: { ctx, text, out in
                guard let invocation = Invocation.from(ctx), let text, let out else { return invalid }
                do throws(JSONParseError) {
                    out.pointee = invocation.values.handle(for: try JSONParser.parse(String(cString: text)))
                    return ok
                } catch {
                    return invocation.record(.invalidArgument("Invalid JSON: \(error.description)"))
                }
            },
            serialize: { ctx, handle, pretty in
                CString.duplicate(JSONWriter.write(read(ctx, handle), pretty: pretty))
            }
        ))

    nonisolated(unsafe) static let table2: UnsafeMutablePointer<impt_values_v2> = {
        let v1 = table.pointee
        return permanent(
            impt_values_v2(
                header: hostHeader(impt_values_v2.self), new_null: v1.new_null, new_bool: v1.new_bool,
                new_integer: v1.new_integer, new_number: v1.new_number, new_string: v1.new_string,
                new_array: v1.new_array, new_object: v1.new_object, kind: v1.kind, get_bool: v1.get_bool,
                get_integer: v1.get_integer, get_number: v1.get_number, get_string: v1.get_string, count: v1.count,
                key_at: v1.key_at, member: v1.member, element: v1.element, lookup: v1.lookup, set: v1.set,
                remove: v1.remove, append: v1.append, parse: v1.parse, serialize: v1.serialize,
                scope_begin: { ctx in arena(ctx)?.scopeBegin() ?? 0 },
                scope_end: { ctx, mark in arena(ctx)?.scopeEnd(mark) }))
    }()
}
