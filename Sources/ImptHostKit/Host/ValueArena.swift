#if canImport(Glibc)
import Glibc
#endif

/// The JSON values a plugin works with during one invocation, addressed by opaque handles.
///
/// A handle encodes the invocation's serial number and a slot index, so a handle from another
/// invocation or a made-up pointer is recognised and treated as null instead of being followed.
final class ValueArena {
    let serial: UInt32
    private(set) var slots: [JSON] = []
    /// C strings handed out as borrowed results, released with the arena.
    private var borrowed: [UnsafeMutablePointer<CChar>] = []

    init(serial: UInt32) {
        self.serial = serial
    }

    deinit {
        for pointer in borrowed { free(pointer) }
    }

    func handle(for value: JSON) -> OpaquePointer {
        slots.append(value)
        return OpaquePointer(bitPattern: Int(serial) << 32 | slots.count)!
    }

    private func index(of handle: OpaquePointer?) -> Int? {
        guard let handle else { return nil }
        let bits = Int(bitPattern: UnsafeRawPointer(handle))
        guard bits >> 32 == Int(serial) else { return nil }
        let slot = (bits & 0xFFFF_FFFF) - 1
        return slot >= 0 && slot < slots.count ? slot : nil
    }

    /// The value behind a handle; nil for NULL or foreign handles.
    func value(_ handle: OpaquePointer?) -> JSON? {
        index(of: handle).map { slots[$0] }
    }

    /// Changes the value behind a handle in place; false for NULL or foreign handles.
    @discardableResult
    func update(_ handle: OpaquePointer?, _ change: (inout JSON) -> Bool) -> Bool {
        guard let slot = index(of: handle) else { return false }
        return change(&slots[slot])
    }

    /// A C copy of `text` that lives as long as the arena.
    func borrow(_ text: String) -> UnsafePointer<CChar> {
        let copy = CString.duplicate(text)
        borrowed.append(copy)
        return UnsafePointer(copy)
    }
}

/// Allocation of C strings with the C allocator, so that `impt_host.free` can release them.
enum CString {
    static func duplicate(_ text: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = Array(text.utf8)
        let memory = malloc(utf8.count + 1)!.assumingMemoryBound(to: CChar.self)
        for (i, byte) in utf8.enumerated() { memory[i] = CChar(bitPattern: byte) }
        memory[utf8.count] = 0
        return memory
    }
}
