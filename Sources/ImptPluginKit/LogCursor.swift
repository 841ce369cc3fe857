/// How far a device's log has been shown: the time of the newest entry shown (or known from
/// history when the stream opened) and which entries of that very time were shown, so that the
/// same entries seen again, from history or from a new stream, are not shown twice.
///
/// Entries of one device come in order, but several may share a timestamp; those of the newest
/// time are told apart by their type and text (counted, so that repeated lines are not lost).
struct LogCursor {
    /// Distinct entries remembered for the newest time (beyond it, only their number is kept).
    static let maxRemembered = 10_000

    /// The newest time shown or known; nil when nothing is (the device had no history).
    private(set) var newest: LogTimestamp?
    /// The ISO text of `newest`, for the gap marker.
    private(set) var newestText: String?
    /// How often each entry of the newest time was shown.
    private var shown: [Int: Int] = [:]
    /// How often each entry of the newest time was seen in the current pass.
    private var seen: [Int: Int] = [:]
    /// Set for a pass over entries that may repeat what was shown: older entries, and those of the
    /// newest time already shown, are skipped until the first new one.
    private(set) var deduplicating = false

    /// The key telling entries of one time apart.
    static func key(type: String, message: String) -> Int {
        var hasher = Hasher()
        hasher.combine(type)
        hasher.combine(message)
        return hasher.finalize()
    }

    /// Starts reading a source that may repeat entries already shown (history after a drop, a new
    /// stream).
    mutating func startPass() {
        seen.removeAll(keepingCapacity: true)
        deduplicating = true
    }

    /// Whether an entry is new (to be shown), recording it if so. An entry whose time cannot be
    /// read is always new and moves nothing.
    mutating func admit(time: LogTimestamp?, text: String, key: Int) -> Bool {
        guard let time else { return true }
        if let newest {
            if time < newest {
                // Out of order: shown in a live stream, skipped where it may be a repeat.
                return !deduplicating
            }
            if time == newest {
                let count = (seen[key] ?? 0) + 1
                Self.remember(&seen, key, count)
                if deduplicating && count <= shown[key] ?? 0 { return false }
                Self.remember(&shown, key, (shown[key] ?? 0) + 1)
                deduplicating = false
                return true
            }
        }
        newest = time
        newestText = text
        shown.removeAll(keepingCapacity: true)
        seen.removeAll(keepingCapacity: true)
        shown[key] = 1
        seen[key] = 1
        deduplicating = false
        return true
    }

    /// Makes an entry known without showing it (history read when the stream opened).
    mutating func know(time: LogTimestamp, text: String, key: Int) {
        let wasDeduplicating = deduplicating
        deduplicating = false
        _ = admit(time: time, text: text, key: key)
        deduplicating = wasDeduplicating
        seen.removeAll(keepingCapacity: true)
    }

    /// Whether entries of the newest time read from history (their keys) include every entry of
    /// that time shown so far: then the history still holds the last entry shown.
    func covers(_ keys: [Int]) -> Bool {
        var available: [Int: Int] = [:]
        for key in keys { available[key, default: 0] += 1 }
        return shown.allSatisfy { available[$0.key, default: 0] >= $0.value }
    }

    private static func remember(_ counts: inout [Int: Int], _ key: Int, _ count: Int) {
        if counts[key] != nil || counts.count < Self.maxRemembered { counts[key] = count }
    }
}
