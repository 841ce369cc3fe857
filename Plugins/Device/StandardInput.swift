#if canImport(Glibc)
import Glibc
#endif

/// Standard input read to its end.
enum StandardInput {
    /// Every byte of standard input, or nil when there are more than `limit`. A read error ends
    /// the input as end-of-file does.
    static func readAll(limit: Int) -> [UInt8]? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return data }
            data.append(contentsOf: chunk[0..<count])
            if data.count > limit { return nil }
        }
    }
}
