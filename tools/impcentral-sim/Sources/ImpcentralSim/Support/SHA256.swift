import CSimDigest

/// SHA-256 (FIPS 180-4) through the system's libcrypto, used for deployment `sha` values and
/// for identifiers derived from seed names.
public enum SHA256Digest {
    /// The digest of `message` as 64 lowercase hex characters.
    public static func hex(of message: [UInt8]) -> String {
        digestHex { hash in
            message.withUnsafeBufferPointer { _ = sim_sha256_update(hash, $0.baseAddress, $0.count) }
        }
    }

    /// The digest of the UTF-8 of the strings one after the other, as 64 lowercase hex characters.
    public static func hex(ofUTF8 parts: [String]) -> String {
        digestHex { hash in
            for part in parts {
                part.utf8Span.span.withUnsafeBufferPointer { _ = sim_sha256_update(hash, $0.baseAddress, $0.count) }
            }
        }
    }

    private static func digestHex(_ feed: (OpaquePointer) -> Void) -> String {
        guard let hash = sim_sha256_new() else { fatalError("libcrypto has no SHA-256") }
        feed(hash)
        var digest = [UInt8](repeating: 0, count: 32)
        let finished = digest.withUnsafeMutableBufferPointer { sim_sha256_finish(hash, $0.baseAddress) }
        precondition(finished == 1, "libcrypto failed to finish a SHA-256 digest")
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The deployment sha: SHA-256 over a length-prefixed combination of both sources, so that
    /// identical code always gives an identical sha and the two parts cannot be confused.
    public static func deploymentSHA(deviceCode: String, agentCode: String) -> String {
        hex(ofUTF8: [
            "impcentral-sim deployment v1\n", "device \(deviceCode.utf8.count)\n", deviceCode,
            "\nagent \(agentCode.utf8.count)\n", agentCode,
        ])
    }
}
