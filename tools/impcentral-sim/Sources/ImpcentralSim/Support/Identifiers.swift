/// Generation and recognition of the identifier formats the API uses.
public enum Identifiers {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
    private static let lowerAlphanumerics: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let agentAlphabet: [UInt8] =
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-".utf8)
    private static let tokenAlphabet: [UInt8] =
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static func random(_ count: Int, from alphabet: [UInt8]) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        for _ in 0..<count {
            bytes.append(alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `8-4-4-4-12` lowercase hex, the form of product, device group, deployment, webhook,
    /// log stream and account ids.
    public static func resourceID() -> String {
        let digits = Array(random(32, from: hex).utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (i, d) in digits.enumerated() {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append(UInt8(ascii: "-")) }
            out.append(d)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// 16 lowercase hex characters.
    public static func deviceID() -> String { random(16, from: hex) }

    /// A MAC address with Electric Imp's `0c:2a:69` prefix.
    public static func macAddress() -> String {
        let tail = Array(random(6, from: hex).utf8)
        let pairs = stride(from: 0, to: 6, by: 2).map { String(decoding: tail[$0..<$0 + 2], as: UTF8.self) }
        return "0c:2a:69:" + pairs.joined(separator: ":")
    }

    /// 12 characters of `[A-Za-z0-9_-]`.
    public static func agentID() -> String { random(12, from: agentAlphabet) }

    /// 16 lowercase alphanumerics.
    public static func loginKey() -> String { random(16, from: lowerAlphanumerics) }

    /// 64 lowercase hex characters.
    public static func refreshToken() -> String { random(64, from: hex) }

    /// An opaque bearer token.
    public static func accessToken() -> String { random(48, from: tokenAlphabet) }

    /// An opaque two-factor login token.
    public static func loginToken() -> String { random(40, from: tokenAlphabet) }

    /// A console session id or CSRF token: 64 hex digits (256 random bits).
    static func secret() -> String { random(64, from: hex) }

    // MARK: Recognition

    public static func isResourceID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (i, b) in bytes.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if b != UInt8(ascii: "-") { return false }
            } else if !isLowerHex(b) {
                return false
            }
        }
        return true
    }

    public static func isDeviceID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 16 && bytes.allSatisfy(isLowerHex)
    }

    public static func isAgentID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 12 && bytes.allSatisfy { agentAlphabet.contains($0) }
    }

    public static func isLoginKey(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 16 && bytes.allSatisfy { lowerAlphanumerics.contains($0) }
    }

    /// Normalises `0C:2A:69:05:0D:62`, `0c-2a-69-05-0d-62` and `0c2a69050d62` to
    /// `0c:2a:69:05:0d:62`; nil when the text is not a MAC address.
    public static func normalizedMAC(_ text: String) -> String? {
        var digits: [UInt8] = []
        for b in text.lowercased().utf8 {
            if isLowerHex(b) {
                digits.append(b)
            } else if b != UInt8(ascii: ":") && b != UInt8(ascii: "-") {
                return nil
            }
        }
        guard digits.count == 12 else { return nil }
        let separators = text.utf8.filter { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "-") }.count
        guard separators == 0 || separators == 5 else { return nil }
        let pairs = stride(from: 0, to: 12, by: 2).map { String(decoding: digits[$0..<$0 + 2], as: UTF8.self) }
        return pairs.joined(separator: ":")
    }

    @inline(__always)
    static func isLowerHex(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f"))
    }
}
