import ImptPluginAPI

/// How responses become results: bodies, error documents and transport failures.
extension ApiSession {
    /// The failure for an exchange that brought no complete response.
    func transportFailure(_ response: HTTPResponse) -> ImptError {
        let reason = response.failure?.reason ?? ""
        if console.mode == .debug { console.info("ERROR: \(reason)") }
        switch response.failure?.kind {
        case .tooLarge:
            // The reason names the limit: "it is larger than <n> bytes" (the body, which the
            // user can change) or "its headers are larger than <n> bytes".
            let variable = reason.hasPrefix("its headers") ? "" : " (IMPT_MAX_RESPONSE_BYTES)"
            return ImptError(IMPT_ERR_NETWORK, "impCentral's response was not accepted: \(reason)\(variable).")
        case .tls where !reason.isEmpty:
            // A certificate problem is not a network outage: its own words tell the user what to
            // fix (CURL_CA_BUNDLE, the endpoint's name, the clock), ending with a period as the
            // original's other library errors do.
            return ImptError(IMPT_ERR_NETWORK, reason.hasSuffix(".") ? reason : reason + ".")
        default:
            return ImptError(IMPT_ERR_NETWORK, "Access to impCentral failed or timed out. Please check your network connection.")
        }
    }

    /// The parsed body of a complete response, or the failure its status and error document describe.
    func result(of response: HTTPResponse) -> Result<JSON?, ImptError> {
        do throws(ImptError) { return .success(try body(of: response)) } catch { return .failure(error) }
    }

    /// The parsed body of a successful response (nil when empty), or the failure its error
    /// document describes.
    func body(of response: HTTPResponse) throws(ImptError) -> JSON? {
        if response.failure != nil { throw transportFailure(response) }
        guard (200..<300).contains(response.status) else { throw apiError(response) }
        guard !response.body.isEmpty else { return nil }
        guard let document = try? JSONParser.parse(bytes: response.body) else {
            throw .internalError("Unexpected format of impCentral response")
        }
        if let warnings = document.lookup("data.meta")?.arrayValue {
            for warning in warnings {
                if let title = warning["title"]?.stringValue, let detail = warning["detail"]?.stringValue {
                    console.info("\(title): \(detail)")
                }
            }
        }
        return document
    }

    /// One `Error: <title>: <detail>` per error entry, with compiler messages after it.
    func apiError(_ response: HTTPResponse) -> ImptError {
        var lines: [FailureLine] = []
        var statuses: [Int64] = []
        if let document = try? JSONParser.parse(bytes: response.body), let entries = document["errors"]?.arrayValue {
            for entry in entries {
                guard let title = entry["title"]?.stringValue, let detail = entry["detail"]?.stringValue else { continue }
                let status = entry["status"].flatMap { $0.intValue ?? $0.stringValue.flatMap { Int64($0) } } ?? Int64(response.status)
                statuses.append(status)
                let message = "\(title): \(detail)"
                let rows = (entry["meta"]?.arrayValue ?? []).compactMap(Self.compilerRow)
                if (200..<300).contains(status) {
                    lines.append(.info(message))
                    lines += rows.map { .info($0) }
                } else {
                    lines.append(.error(message))
                    lines += rows.map { .info($0) }
                }
            }
        }
        if !lines.contains(where: { if case .error = $0 { return true } else { return false } }) {
            lines.insert(.error("impCentral API error HTTP/\(response.status)"), at: 0)
        }
        if console.mode == .debug { console.info("ERROR: HTTP/\(response.status): \(ImptError(status: IMPT_ERR_API, lines: lines).message)") }
        var error = ImptError(status: IMPT_ERR_API, httpStatus: Int32(response.status), lines: lines)
        error.entryStatuses = statuses
        return error
    }

    /// `<file> <type> (line <row>, column <column>): <text>` for a compilation message.
    static func compilerRow(_ row: JSON) -> String? {
        guard let text = row["text"]?.stringValue else { return nil }
        let file = row["file"]?.stringValue ?? ""
        let type = row["type"]?.stringValue ?? ""
        let line = row["row"].map(TreeRenderer.scalarText) ?? ""
        let column = row["column"].map(TreeRenderer.scalarText) ?? ""
        return "\(file) \(type) (line \(line), column \(column)): \(text)"
    }
}
