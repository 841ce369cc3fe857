import Foundation

extension Sandbox {
    /// A global auth file for `endpoint` whose token is valid for an hour (no login exchange).
    func writeAuthFile(endpoint: String, accessToken: String = "token-1", expiresIn seconds: TimeInterval = 3600,
                       refreshToken: String? = nil, in directory: URL? = nil) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var object: [String: String] = [
            "endpoint": endpoint, "accessToken": accessToken,
            "expiresAt": formatter.string(from: Date().addingTimeInterval(seconds)),
        ]
        if let refreshToken { object["refreshToken"] = refreshToken }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        try data.write(to: (directory ?? home).appendingPathComponent(".impt.auth"))
    }
}
