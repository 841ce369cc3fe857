import ImptPluginAPI

/// "impt.api/1": requests to the impCentral API of the current auth context.
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
                    guard let list = invocation.values.value(requests)?.arrayValue else {
                        throw ImptError.invalidArgument("requests must be an array")
                    }
                    let results = try invocation.session.sendMany(try list.map { value throws(ImptError) in try request(from: value) })
                    let entries: [JSON] = results.map { result in
                        switch result {
                        case .success(let body):
                            return .object(JSONObject([("status", 0), ("http_status", 200), ("message", ""), ("body", body ?? .null)]))
                        case .failure(let error):
                            return .object(JSONObject([
                                ("status", .int(Int64(error.status))), ("http_status", .int(Int64(error.httpStatus))),
                                ("message", .string(error.message)), ("body", .null),
                            ]))
                        }
                    }
                    out.pointee = invocation.values.handle(for: .array(entries))
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
                var copy = impt_login_request()
                let size = min(Int(request.pointee.header.struct_size), MemoryLayout<impt_login_request>.size)
                withUnsafeMutableBytes(of: &copy) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: request, count: size))
                }
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
}
