#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Millisecond UTC timestamps: the wall clock, a monotonic unique clock and ISO-8601 formatting.
public enum Timestamps {
    /// Wall-clock time in milliseconds since the Unix epoch.
    public static func wallMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// Appends `YYYY-MM-DDTHH:MM:SS.mmmZ` for the given epoch milliseconds.
    public static func appendISO(_ ms: Int64, to bytes: inout [UInt8]) {
        var millis = ms % 1000
        var seconds = ms / 1000
        if millis < 0 {
            millis += 1000
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = civilDate(fromDays: days)
        appendDigits(Int(year), width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(Int(month), width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(Int(day), width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(Int(secondOfDay / 3600), width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(Int(secondOfDay % 3600 / 60), width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(Int(secondOfDay % 60), width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        appendDigits(Int(millis), width: 3, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    public static func iso(_ ms: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendISO(ms, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendDigits(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var rest = value
        var position = width - 1
        while position >= 0 {
            digits[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            position -= 1
        }
        bytes.append(contentsOf: digits)
    }

    /// Converts days since 1970-01-01 to a proleptic Gregorian (year, month, day).
    static func civilDate(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}

/// Hands out strictly increasing millisecond timestamps, so that no two records share a creation
/// time and creation order equals timestamp order (impt orders deployments by `created_at`).
public final class MonotonicClock: Sendable {
    private let last: Mutex<Int64>
    /// Where the time comes from.
    public let time: SimClock

    public init(time: SimClock = SimClock(), notBefore: Int64 = 0) {
        self.time = time
        last = Mutex(notBefore)
    }

    /// The next unique timestamp: the simulated time, or one millisecond after the previous value.
    public func next() -> Int64 {
        let wall = time.now()
        return last.withLock { value in
            value = max(wall, value + 1)
            return value
        }
    }

    /// Makes sure future values are later than `ms` (used after reading the database at start-up).
    public func advance(pastOrTo ms: Int64) {
        last.withLock { value in value = max(value, ms) }
    }
}
