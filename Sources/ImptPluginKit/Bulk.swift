import ImptPluginAPI

/// The outcome of one request of a bulk call.
public struct BulkResult {
    /// Position of the request in the batch.
    public let index: Int
    /// `IMPT_OK` or the `impt_status` of its failure (`IMPT_ERR_INTERRUPTED`: never sent).
    public let status: Int32
    /// The status of the final HTTP response (201, 204, 404, ...), or 0 when none arrived.
    public let httpStatus: Int
    /// The first line of its failure, or "".
    public let message: String
    /// The parsed response body, if any.
    public let body: Value?

    public var succeeded: Bool { status == Int32(IMPT_OK.rawValue) }

    init(index: Int, _ value: Value) {
        self.index = index
        status = Int32(truncatingIfNeeded: value["status"]?.int ?? Int64(IMPT_ERR_INTERNAL.rawValue))
        httpStatus = Int(value["http_status"]?.int ?? 0)
        message = value["message"]?.string ?? ""
        let body = value["body"]
        self.body = body?.isNull == false ? body : nil
    }
}

/// What `Context.bulk` returns: every result in request order, and whether Ctrl-C (or the item
/// callback) stopped the batch before every request was sent.
public struct BulkOutcome {
    public let results: [BulkResult]
    public let stopped: Bool
    /// The status that stopped the batch (`IMPT_ERR_INTERRUPTED` for Ctrl-C), or `IMPT_OK`.
    public let stopStatus: Int32
}

/// Carries the Swift item callback through the C `user_data` pointer.
private final class BulkCallbackBox {
    let context: Context
    let onItem: (BulkResult) -> Bool
    init(context: Context, onItem: @escaping (BulkResult) -> Bool) {
        self.context = context
        self.onItem = onItem
    }
}

extension Context {
    /// Sends independent requests concurrently (impt.api/2): `concurrency` in flight (default 5,
    /// at most 32), each retried on its own after 429 and 401, with the real HTTP status of each.
    /// `onItem` runs as each request finishes, in completion order; returning false stops the
    /// batch as Ctrl-C does. `progressLabel` shows `<label> <done>/<total>` at a terminal.
    /// On a host without impt.api/2 the requests go through `request_many` (five at a time) and
    /// `onItem` runs afterwards, in request order.
    public func bulk(
        _ requests: [JSONLiteral], concurrency: Int = 0, progressLabel: String? = nil,
        onItem: ((BulkResult) -> Bool)? = nil
    ) throws(PluginFailure) -> BulkOutcome {
        if requests.isEmpty { return BulkOutcome(results: [], stopped: false, stopStatus: Int32(IMPT_OK.rawValue)) }
        let list = make(.array(requests))
        guard let api2 = PluginHost.api2 else {
            let results = try requestMany(requests).enumerated().map { BulkResult(index: $0.offset, $0.element) }
            for result in results where onItem?(result) == false {
                return BulkOutcome(results: results, stopped: true, stopStatus: Int32(IMPT_ERR_INTERRUPTED.rawValue))
            }
            return BulkOutcome(results: results, stopped: false, stopStatus: Int32(IMPT_OK.rawValue))
        }
        let box = onItem.map { BulkCallbackBox(context: self, onItem: $0) }
        var options = impt_bulk_options()
        options.header = impt_struct_header(
            struct_size: UInt32(MemoryLayout<impt_bulk_options>.size), abi_major: UInt16(IMPT_ABI_MAJOR),
            abi_minor: UInt16(IMPT_ABI_MINOR))
        options.concurrency = UInt32(max(0, min(concurrency, Int(IMPT_BULK_MAX_CONCURRENCY))))
        if box != nil {
            options.on_item = { _, userData, index, result in
                guard let userData, let result else { return Int32(IMPT_OK.rawValue) }
                let box = Unmanaged<BulkCallbackBox>.fromOpaque(userData).takeUnretainedValue()
                let item = BulkResult(index: index, Value(context: box.context, handle: result))
                return box.onItem(item) ? Int32(IMPT_OK.rawValue) : Int32(IMPT_ERR_INTERRUPTED.rawValue)
            }
            options.user_data = box.map { Unmanaged.passUnretained($0).toOpaque() }
        }
        var out: OpaquePointer?
        let status: Int32 = withExtendedLifetime(box) {
            guard let label = progressLabel else { return api2.pointee.bulk(handle, list.handle, &options, &out) }
            return label.withCString { pointer in
                options.progress_label = pointer
                return api2.pointee.bulk(handle, list.handle, &options, &out)
            }
        }
        guard let out else { throw PluginFailure(status: status == 0 ? Int32(IMPT_ERR_INTERNAL.rawValue) : status) }
        let results = Value(context: self, handle: out).elements.enumerated().map { BulkResult(index: $0.offset, $0.element) }
        let ok = Int32(IMPT_OK.rawValue)
        return BulkOutcome(results: results, stopped: status != ok, stopStatus: status)
    }
}
