import ImptPluginAPI

/// "impt.api/1" and "impt.api/2": requests to the impCentral API of the current auth context.
enum ApiService {
    private static let invalid = Int32(IMPT_ERR_INVALID_ARGUMENT.rawValue)

    /// Converts an object of string (or string array) members into query pairs.
    static func queryPairs(_ value: JSON?) throws(ImptError) -> [(String, String)] {
        guard let value, value != .null else { return [] }
        guard case .object(let object) = value else { throw .invalidArgument("the query must be an object") }
        var pairs: [(String, String)] = []
        for (key, member) in object {
            switch member {
            case .array(let elements): pairs += elements.map { (key, TreeRenderer.scalarText($0)) }
            case .null: continue
            default: pairs.append((key, TreeRenderer.scalarText(member)))
            }
        }
        return pairs
    }

    static func headerLines(_ headers: UnsafePointer<UnsafePointer<CChar>?>?) -> [String] {
        guard var cursor = headers else { return [] }
        var lines: [String] = []
        while let line = cursor.pointee, lines.count < 100 {
            lines.append(String(cString: line))
            cursor += 1
        }
        return lines
    }

    /// What a caller's struct holds, read up to its `struct_size`: fields an older caller does not
    /// know stay as in `empty` (zero).
    static func callerStruct<T>(_ pointer: UnsafePointer<T>, size: UInt32, empty: T) -> T {
        var copy = empty
        let count = min(Int(size), MemoryLayout<T>.size)
        withUnsafeMutableBytes(of: &copy) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: pointer, count: count))
        }
        return copy
    }

    static func requestList(_ value: JSON?) throws(ImptError) -> [ApiRequest] {
        guard let list = value?.arrayValue else { throw ImptError.invalidArgument("requests must be an array") }
        return try list.map { value throws(ImptError) in try request(from: value) }
    }

    /// `{"status", "http_status", "message", "body"}` for one request of a batch.
    static func entry(_ item: BatchItem) -> JSON {
        switch item.result {
        case .success(let body):
            return .object(JSONObject([
                ("status", 0), ("http_status", .int(Int64(item.httpStatus))), ("message", ""), ("body", body ?? .null),
            ]))
        case .failure(let error):
            return .object(JSONObject([
                ("status", .int(Int64(error.status))), ("http_status", .int(Int64(item.httpStatus))),
                ("message", .string(error.message)), ("body", .null),
            ]))
        }
    }

    static func request(from value: JSON) throws(ImptError) -> ApiRequest {
        guard let method = value["method"]?.stringValue, let path = value["path"]?.stringValue, path.hasPrefix("/") else {
            throw .invalidArgument("each request needs a method and a path starting with '/'")
        }
        let headers = value["headers"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return ApiRequest(method, path, query: try queryPairs(value["query"]), body: value["body"], headers: headers)
    }

    nonisolated(unsafe) static let table = permanent(
        impt_api_v1(
            header: hostHeader(impt_api_v1.self),
            request: { ctx, method, path, query, body, headers, out in
                guard let invocation = Invocation.from(ctx), let method, let path else { return invalid }
                return invocation.status {
                    let pathText = String(cString: path)
                    guard pathText.hasPrefix("/") else { throw ImptError.invalidArgument("the path must start with '/'") }
                    let request = ApiRequest(
                        String(cString: method), pathText, query: try queryPairs(invocation.values.value(query)),
                        body: body == nil ? nil : invocation.values.value(body), headers: headerLines(headers))
                    let result = try invocation.session.send(request)
                    out?.pointee = result.map { invocation.values.handle(for: $0) }
                }
            },
            list: { ctx, path, query, out in
                guard let invocation = Invocation.from(ctx), let path, let out else { return invalid }
                return invocation.status {
                    let resources = try invocation.session.list(String(cString: path), query: try queryPairs(invocation.values.value(query)))
                    out.pointee = invocation.values.handle(for: .array(resources))
                }
            },
            request_many: { ctx, requests, out in
                guard let invocation = Invocation.from(ctx), let out else { return invalid }
                return invocation.status {
                    let items = try invocation.session.sendMany(try requestList(invocation.values.value(requests)))
                    out.pointee = invocation.values.handle(for: .array(items.map(entry)))
                }
            },
            account_id: { ctx, out in
                guard let invocation = Invocation.from(ctx), let out else { return invalid }
                return invocation.status {
                    out.pointee = invocation.values.handle(for: .string(try invocation.session.accountID()))
                }
            },
            login: { ctx, request in
                guard let invocation = Invocation.from(ctx), let request else { return invalid }
                // Copy what the caller's struct holds; fields it does not know stay zero.
                let copy = callerStruct(request, size: request.pointee.header.struct_size, empty: impt_login_request())
                let text = { (pointer: UnsafePointer<CChar>?) in pointer.map { String(cString: $0) } }
                return invocation.status {
                    try Login.perform(
                        invocation: invocation,
                        Login.Parameters(
                            endpoint: text(copy.endpoint), user: text(copy.user), password: text(copy.password),
                            loginKey: text(copy.login_key), local: copy.flags & UInt32(IMPT_LOGIN_LOCAL) != 0,
                            temporary: copy.flags & UInt32(IMPT_LOGIN_TEMPORARY) != 0))
                }
            },
            auth_info: { ctx, out in
                guard let invocation = Invocation.from(ctx), let out else { return invalid }
                let (info, error) = AuthInfo.describe(invocation: invocation)
                out.pointee = invocation.values.handle(for: info)
                if let error { return invocation.record(error) }
                return Int32(IMPT_OK.rawValue)
            }
        ))

    /// "impt.api/2": the /1 functions, and bulk requests through the pool.
    nonisolated(unsafe) static let tableV2 = permanent(
        impt_api_v2(
            header: hostHeader(impt_api_v2.self),
            request: table.pointee.request, list: table.pointee.list, request_many: table.pointee.request_many,
            account_id: table.pointee.account_id, login: table.pointee.login, auth_info: table.pointee.auth_info,
            bulk: { ctx, requests, options, out in
                guard let invocation = Invocation.from(ctx), let out else { return invalid }
                out.pointee = nil
                let copy = options.map { callerStruct($0, size: $0.pointee.header.struct_size, empty: impt_bulk_options()) }
                return bulk(invocation, requests: requests, options: copy ?? impt_bulk_options(), out: out)
            }
        ))

    private static func bulk(
        _ invocation: Invocation, requests: OpaquePointer?, options: impt_bulk_options, out: UnsafeMutablePointer<OpaquePointer?>
    ) -> Int32 {
        let list: [ApiRequest]
        do throws(ImptError) { list = try requestList(invocation.values.value(requests)) } catch {
            return invocation.record(error)
        }
        let concurrency =
            options.concurrency == 0
            ? Int(IMPT_BULK_DEFAULT_CONCURRENCY) : min(Int(options.concurrency), Int(IMPT_BULK_MAX_CONCURRENCY))
        let label = options.progress_label.map { String(cString: $0) }
        // One value handle carries each item's result to the callback, borrowed for the call.
        var itemHandle: OpaquePointer?
        let onItem: ((Int, BatchItem) -> Int32)? = options.on_item.map { callback in
            { index, item in
                let value = entry(item)
                if let handle = itemHandle {
                    invocation.values.update(handle) { slot in
                        slot = value
                        return true
                    }
                } else {
                    itemHandle = invocation.values.handle(for: value)
                }
                return callback(invocation.contextHandle, options.user_data, index, itemHandle)
            }
        }
        let outcome: BatchOutcome
        do throws(ImptError) {
            outcome = try invocation.session.batch(
                list, concurrency: concurrency, progressLabel: label, interruptible: true, onItem: onItem)
        } catch {
            return invocation.record(error)
        }
        out.pointee = invocation.values.handle(for: .array(outcome.items.map(entry)))
        guard let stop = outcome.stopStatus else { return Int32(IMPT_OK.rawValue) }
        if stop == Int32(IMPT_ERR_INTERRUPTED.rawValue) {
            invocation.record(.interrupted)
        } else if invocation.failure == nil {
            invocation.record(ImptError(status: impt_status(rawValue: UInt32(bitPattern: stop)), lines: [.info("Operation is stopped.")]))
        }
        return stop
    }
}
