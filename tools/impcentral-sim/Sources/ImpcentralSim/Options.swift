/// Command-line options of `impcentral-sim`.
public struct SimOptions: Sendable, Equatable {
    public var dataDirectory: String = ""
    public var host: String = "127.0.0.1"
    public var port: Int = 0
    public var seedFile: String?
    public var demo: Bool = false
    /// Lifetime of access tokens in seconds.
    public var tokenLifetime: Int = 3600
    /// Seconds between the periodic log entries of a running simulated device.
    public var logPeriod: Double = 10
    /// Requests per second per account; nil disables rate limiting.
    public var rateLimit: Int?
    /// Milliseconds every /v5 response is held back, to stand in for the distance to the cloud.
    public var latency: Int = 0
    public var maxLogStreams: Int = 1
    public var maxStreamDevices: Int = 5
    public var maxBodyBytes: Int = 1_048_576
    /// Deleting a device group keeps its deployments as zombies (impCentral before 2024).
    public var zombieDeployments: Bool = false
    public var verbose: Bool = false
    public var help: Bool = false

    public init() {}

    /// Whether `host` is a loopback address (`127.0.0.0/8`, `::1`, `localhost`): only then do the
    /// `/_sim/` admin endpoints stay open without a login.
    public var hostIsLoopback: Bool {
        let name = host.lowercased()
        if name == "localhost" || name == "::1" || name == "[::1]" || name == "0:0:0:0:0:0:0:1" { return true }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Default port when `--port` is absent.
    public static let defaultPort = 0

    public static let helpText = """
        Usage: impcentral-sim --data DIR [options]

        A local impCentral API v5 server with a SQLite database, simulated devices, log
        streams and webhooks. The first line written to stdout is the base URL, e.g.
        http://127.0.0.1:41234/v5 ; everything else goes to stderr.

        Options:
          --data DIR               Data directory (created if missing). Required.
          --host ADDRESS           Address to bind (default 127.0.0.1). Off loopback the
                                   console and the /_sim/ admin endpoints need a login.
          --port N                 Port to bind; 0 picks a free port (default 0).
          --seed FILE              Seed accounts, collaborators, login keys and devices from a
                                   JSON file (see Docs/Simulator.md). Idempotent on restart.
          --demo                   Seed the demo account (demo / demo@example.com /
                                   demo-password) with devices demo-device-1..3 online and
                                   demo-device-4 offline.
          --token-lifetime SECONDS Access-token lifetime (default 3600).
          --log-period SECONDS     Period of simulated device log output; fractions allowed
                                   (default 10).
          --rate-limit N           Requests per second per account; when absent there is no
                                   rate limiting.
          --latency MS             Hold back every /v5 response by MS milliseconds
                                   (0-60000, default 0), like a distant server.
          --max-log-streams N      Open log streams per account (default 1); opening one
                                   more closes the oldest.
          --max-stream-devices N   Devices per log stream (default 5); adding one more
                                   removes the least recently added.
          --max-body-bytes N       Largest accepted request body (default 1048576).
          --zombie-deployments     Deleting a device group keeps its deployments as zombies
                                   (no devicegroup), as impCentral did before 2024.
          --verbose                Log every request to stderr.
          --help                   Show this text and exit.
        """

    /// A command-line problem: printed to stderr, exit status 2.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Parses `arguments` (without the program name). Accepts `--flag value` and `--flag=value`.
    public static func parse(_ arguments: [String]) throws(ParseError) -> SimOptions {
        var options = SimOptions()
        var sawData = false
        var index = 0
        while index < arguments.count {
            var argument = arguments[index]
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                inlineValue = String(argument[argument.index(after: equals)...])
                argument = String(argument[..<equals])
            }
            index += 1

            func value() throws(ParseError) -> String {
                if let inlineValue { return inlineValue }
                guard index < arguments.count else {
                    throw ParseError(message: "option \(argument) needs a value")
                }
                defer { index += 1 }
                return arguments[index]
            }
            func integer(min: Int) throws(ParseError) -> Int {
                let text = try value()
                guard let number = Int(text), number >= min else {
                    throw ParseError(message: "option \(argument) needs an integer >= \(min), got '\(text)'")
                }
                return number
            }
            func noValue() throws(ParseError) {
                if inlineValue != nil { throw ParseError(message: "option \(argument) takes no value") }
            }

            switch argument {
            case "--data":
                options.dataDirectory = try value()
                guard !options.dataDirectory.isEmpty else {
                    throw ParseError(message: "option --data needs a non-empty directory")
                }
                sawData = true
            case "--host":
                options.host = try value()
                guard !options.host.isEmpty else { throw ParseError(message: "option --host needs an address") }
            case "--port":
                options.port = try integer(min: 0)
                guard options.port <= 65535 else { throw ParseError(message: "option --port must be 0...65535") }
            case "--seed":
                options.seedFile = try value()
            case "--demo":
                try noValue()
                options.demo = true
            case "--token-lifetime":
                options.tokenLifetime = try integer(min: 1)
            case "--log-period":
                let text = try value()
                guard let seconds = Double(text), seconds.isFinite, seconds >= 0.01, seconds <= 86_400 else {
                    throw ParseError(message: "option --log-period needs seconds between 0.01 and 86400, got '\(text)'")
                }
                options.logPeriod = seconds
            case "--rate-limit":
                options.rateLimit = try integer(min: 1)
            case "--latency":
                options.latency = try integer(min: 0)
                guard options.latency <= 60_000 else { throw ParseError(message: "option --latency must be 0...60000") }
            case "--max-log-streams":
                options.maxLogStreams = try integer(min: 1)
            case "--max-stream-devices":
                options.maxStreamDevices = try integer(min: 1)
            case "--max-body-bytes":
                options.maxBodyBytes = try integer(min: 1024)
            case "--zombie-deployments":
                try noValue()
                options.zombieDeployments = true
            case "--verbose":
                try noValue()
                options.verbose = true
            case "--help", "-h":
                options.help = true
                return options
            default:
                throw ParseError(message: "unknown option '\(argument)' (see --help)")
            }
        }
        if !sawData {
            throw ParseError(message: "option --data DIR is required (see --help)")
        }
        return options
    }
}
