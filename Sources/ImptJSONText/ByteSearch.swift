import CImptText

/// Finding one byte value in large byte arrays at memory speed (the C library's `memchr`).
public enum ByteSearch {
    /// The offset of the first `byte` in `bytes` at or after `start`, or `bytes.count`.
    public static func offset(of byte: UInt8, in bytes: [UInt8], from start: Int) -> Int {
        precondition(start >= 0 && start <= bytes.count, "the search starts within the bytes")
        return bytes.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return 0 }
            return start + impt_text_byte_offset(base + start, all.count - start, byte)
        }
    }
}
