#if canImport(Glibc)
import Glibc
#endif

/// The JSON values a plugin works with during one invocation, addressed by opaque handles.
///
/// A handle is never a pointer: it packs a tag of the invocation, the slot index and the epoch
/// the slot was filled in. A handle from another invocation, a made-up pointer, or a handle whose
/// slot was released by the end of a scope (and possibly filled again since) is recognised and
/// treated as null instead of being followed or read as another value.
///
/// Scopes (impt.values/2) release every slot filled, and every string borrowed, after their mark.
/// Each `scopeEnd` starts a new epoch, so a released slot filled again gets handles that differ
/// from the stale ones. Epochs have 28 bits: a stale handle could only alias after 2^28 scope ends
/// reusing exactly its slot.
final class ValueArena {
    private struct Slot {
        var value: JSON
        var epoch: Int
        /// `get_string`'s copy, made once per slot.
        var text: UnsafeMutablePointer<CChar>?
        /// `key_at`'s copies, by member index, made once per member.
        var keys: [UnsafeMutablePointer<CChar>?]?
    }

    private struct Scope {
        var mark: UInt64
        var slotCount: Int
        var retiredCount: Int
    }

    private static let indexBits = 28
    private static let epochBits = 28
    private static let fieldMask = (1 << 28) - 1

    /// Tag of the owning invocation in the top byte, never 0, so no real pointer matches it.
    private let tag: Int
    private var slots: [Slot] = []
    private var epoch = 0
    private var scopes: [Scope] = []
    private var nextMark: UInt64 = 1
    /// Borrowed strings whose slot changed or went away; freed with the scope they belong to.
    private var retired: [UnsafeMutablePointer<CChar>] = []
    /// The failure message handed out by `impt_host.last_error`.
    private var message: (text: String, pointer: UnsafeMutablePointer<CChar>)?

    init(serial: UInt32) {
        tag = Int(serial % 255) + 1
    }

    deinit {
        for slot in slots { Self.release(slot) }
        for pointer in retired { free(pointer) }
        if let message { free(message.pointer) }
    }

    private static func release(_ slot: Slot) {
        if let text = slot.text { free(text) }
        for case let key? in slot.keys ?? [] { free(key) }
    }

    // MARK: Handles

    func handle(for value: JSON) -> OpaquePointer {
        // 2^28 live slots would take more than 12 GB: memory runs out long before.
        precondition(slots.count < Self.fieldMask, "too many live values in one invocation")
        slots.append(Slot(value: value, epoch: epoch & Self.fieldMask))
        let bits = tag << (Self.indexBits + Self.epochBits) | (epoch & Self.fieldMask) << Self.indexBits | slots.count
        return OpaquePointer(bitPattern: bits)!
    }

    private func index(of handle: OpaquePointer?) -> Int? {
        guard let handle else { return nil }
        let bits = Int(bitPattern: UnsafeRawPointer(handle))
        guard bits >> (Self.indexBits + Self.epochBits) & 0xFF == tag else { return nil }
        let slot = (bits & Self.fieldMask) - 1
        let handleEpoch = bits >> Self.indexBits & Self.fieldMask
        guard slot >= 0, slot < slots.count, slots[slot].epoch == handleEpoch else { return nil }
        return slot
    }

    /// The value behind a handle; nil for NULL, foreign or released handles.
    func value(_ handle: OpaquePointer?) -> JSON? {
        index(of: handle).map { slots[$0].value }
    }

    /// Changes the value behind a handle in place; false for NULL, foreign or released handles.
    /// Keys borrowed from it stay valid until the current scope ends.
    @discardableResult
    func update(_ handle: OpaquePointer?, _ change: (inout JSON) -> Bool) -> Bool {
        guard let slot = index(of: handle) else { return false }
        if let keys = slots[slot].keys {
            retired.append(contentsOf: keys.compactMap { $0 })
            slots[slot].keys = nil
        }
        return change(&slots[slot].value)
    }

    // MARK: Borrowed strings

    /// The string behind a handle as a C string, copied once per handle.
    func borrowString(_ handle: OpaquePointer?) -> UnsafePointer<CChar>? {
        guard let slot = index(of: handle), case .string(let text) = slots[slot].value else { return nil }
        if let copy = slots[slot].text { return UnsafePointer(copy) }
        let copy = CString.duplicate(text)
        slots[slot].text = copy
        return UnsafePointer(copy)
    }

    /// The key of member `position` of the object behind a handle, copied once per member.
    func borrowKey(_ handle: OpaquePointer?, at position: Int) -> UnsafePointer<CChar>? {
        guard let slot = index(of: handle), case .object(let object) = slots[slot].value, position >= 0,
            position < object.count
        else { return nil }
        if slots[slot].keys == nil { slots[slot].keys = Array(repeating: nil, count: object.count) }
        if let copy = slots[slot].keys![position] { return UnsafePointer(copy) }
        let copy = CString.duplicate(object.member(at: position).key)
        slots[slot].keys![position] = copy
        return UnsafePointer(copy)
    }

    /// A C copy of a failure message, valid until a different message is borrowed.
    func borrowMessage(_ text: String) -> UnsafePointer<CChar> {
        if let message, message.text == text { return UnsafePointer(message.pointer) }
        if let message { free(message.pointer) }
        let copy = CString.duplicate(text)
        message = (text, copy)
        return UnsafePointer(copy)
    }

    // MARK: Scopes

    /// Opens a scope and returns its mark.
    func scopeBegin() -> UInt64 {
        let mark = nextMark
        nextMark &+= 1
        if nextMark == 0 { nextMark = 1 }
        scopes.append(Scope(mark: mark, slotCount: slots.count, retiredCount: retired.count))
        return mark
    }

    /// Releases everything created since `mark`, ending the scopes opened after it too. An
    /// unknown or already ended mark is ignored.
    func scopeEnd(_ mark: UInt64) {
        guard let position = scopes.lastIndex(where: { $0.mark == mark }) else { return }
        let scope = scopes[position]
        scopes.removeSubrange(position...)
        for slot in slots[scope.slotCount...] { Self.release(slot) }
        slots.removeSubrange(scope.slotCount...)
        for pointer in retired[scope.retiredCount...] { free(pointer) }
        retired.removeSubrange(scope.retiredCount...)
        epoch = (epoch + 1) & Self.fieldMask
    }

    /// Number of live slots (for tests).
    var liveCount: Int { slots.count }
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
