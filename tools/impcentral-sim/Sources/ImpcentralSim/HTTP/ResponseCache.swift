import NIOCore
import Synchronization

/// Serialized GET responses keyed by (caller, path + query), valid for one write generation.
///
/// Any committed resource write bumps the store's generation, which empties the cache on the
/// next access; a response computed from an older generation is never stored over a newer one.
final class ResponseCache: Sendable {
    private struct State {
        var generation = -1
        var entries: [String: ByteBuffer] = [:]
        var bytes = 0
    }

    private let state = Mutex(State())
    private let maxEntries: Int
    private let maxBytes: Int

    init(maxEntries: Int = 2048, maxBytes: Int = 32 * 1024 * 1024) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    func lookup(_ key: String, generation: Int) -> ByteBuffer? {
        state.withLock { s in
            guard s.generation == generation else { return nil }
            return s.entries[key]
        }
    }

    /// Stores `body` computed while the store was at `generation`.
    func store(_ key: String, generation: Int, body: ByteBuffer) {
        state.withLock { s in
            if generation > s.generation {
                s.generation = generation
                s.entries.removeAll(keepingCapacity: true)
                s.bytes = 0
            } else if generation < s.generation {
                return
            }
            if s.entries.count >= maxEntries || s.bytes + body.readableBytes > maxBytes {
                s.entries.removeAll(keepingCapacity: true)
                s.bytes = 0
            }
            if let old = s.entries.updateValue(body, forKey: key) { s.bytes -= old.readableBytes }
            s.bytes += body.readableBytes
        }
    }
}
