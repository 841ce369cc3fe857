import Foundation
import Glibc
import Testing
@testable import ImpcentralSim

/// Tests of the real `impcentral-sim` executable, started as a subprocess.
@Suite("impcentral-sim process")
struct ProcessTests {
    /// The executable next to the test bundle (both live in the build directory).
    static var executable: String? {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        var directory = (exe as NSString).deletingLastPathComponent
        for _ in 0..<3 {
            let candidate = directory + "/impcentral-sim"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return nil
    }

    /// The executable's path; a missing executable fails the test with how to build it.
    static func requireExecutable() throws -> String {
        try #require(executable, "impcentral-sim is not built next to the tests: run `swift build` (or `swift build --product impcentral-sim`) first")
    }

    /// A running simulator process.
    final class SimProcess: @unchecked Sendable {
        let process = Process()
        let stdout = Pipe()
        let stderr = Pipe()
        var base = ""
        var port = 0
        var startupMs = 0.0

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: try ProcessTests.requireExecutable())
            process.arguments = arguments
            process.standardOutput = stdout
            process.standardError = stderr
        }

        /// Starts the process and reads the first stdout line (the base URL), off the cooperative pool.
        func start(timeout: Double = 20) async throws {
            try await offPool { try self.startBlocking(timeout: timeout) }
        }

        private func startBlocking(timeout: Double) throws {
            let started = Date()
            try process.run()
            let handle = stdout.fileHandleForReading
            var line: [UInt8] = []
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                var byte: UInt8 = 0
                let n = read(handle.fileDescriptor, &byte, 1)
                if n <= 0 { break }
                if byte == 0x0A { break }
                line.append(byte)
            }
            base = String(decoding: line, as: UTF8.self)
            startupMs = Date().timeIntervalSince(started) * 1000
            if let colon = base.split(separator: ":").last, let p = Int(colon.split(separator: "/").first ?? "") {
                port = p
            }
        }

        func request(_ method: String, _ path: String, token: String? = nil, json: String? = nil) async throws
            -> TestSim.Reply
        {
            var headers: [(String, String)] = []
            if let token { headers.append(("Authorization", "Bearer \(token)")) }
            if json != nil { headers.append(("Content-Type", "application/vnd.api+json")) }
            return try await TestSim.send(method, port: port, path: path, headers: headers, body: Array((json ?? "").utf8))
        }

        func kill(_ signal: Int32) {
            if process.isRunning { Glibc.kill(process.processIdentifier, signal) }
        }

        func waitForExit(timeout: Double = 10) async -> Int32? {
            (try? await offPool { self.waitForExitBlocking(timeout: timeout) }) ?? nil
        }

        private func waitForExitBlocking(timeout: Double) -> Int32? {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning {
                kill(SIGKILL)
                process.waitUntilExit()
                return nil
            }
            return process.terminationStatus
        }

        deinit {
            if process.isRunning {
                Glibc.kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
    }

    static func run(_ arguments: [String]) async throws -> (Int32, String, String) {
        try await offPool { try runBlocking(arguments) }
    }

    static func runBlocking(_ arguments: [String]) throws -> (Int32, String, String) {
        let p = try SimProcess(arguments)
        try p.process.run()
        p.process.waitUntilExit()
        let out = String(decoding: p.stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: p.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (p.process.terminationStatus, out, err)
    }

    @Test("--help documents every flag; bad flags exit 2")
    func helpAndBadFlags() async throws {
        let (status, out, _) = try await Self.run(["--help"])
        #expect(status == 0)
        for flag in [
            "--data", "--host", "--port", "--seed", "--demo", "--token-lifetime", "--log-period", "--rate-limit", "--latency",
            "--max-log-streams", "--max-stream-devices", "--max-body-bytes", "--zombie-deployments", "--verbose", "--help",
        ] {
            #expect(out.contains(flag), "\(flag)")
        }
        for arguments in [["--data", "/tmp/x", "--bogus"], ["--port", "1"], ["--data", "/tmp/x", "--port", "abc"]] {
            let (code, stdout, stderr) = try await Self.run(arguments)
            #expect(code == 2, "\(arguments)")
            #expect(stdout.isEmpty)
            #expect(!stderr.isEmpty)
        }
    }

    @Test("A bad seed file exits 2")
    func badSeed() async throws {
        let directory = TestSim.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #"{"accounts":[{"username":"x"}]}"#.write(toFile: directory + "/seed.json", atomically: true, encoding: .utf8)
        let (code, _, stderr) = try await Self.run(["--data", directory + "/data", "--seed", directory + "/seed.json"])
        #expect(code == 2)
        #expect(stderr.contains("password"))
    }

    @Test("First stdout line is the base URL; writes survive kill -9; seeding is idempotent; SIGTERM exits 0")
    func persistenceAcrossKill() async throws {
        let directory = TestSim.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = ["--data", directory + "/data", "--port", "0", "--demo", "--log-period", "0.1"]

        let first = try SimProcess(arguments)
        try await first.start()
        #expect(first.base.hasPrefix("http://127.0.0.1:") && first.base.hasSuffix("/v5"))
        let health = try await first.request("GET", "/_sim/health")
        #expect(health.status == 200)
        let login = try await first.request(
            "POST", "/v5/auth", json: #"{"id":"demo@example.com","password":"demo-password"}"#)
        let token = (try? JSONParser.parse(login.body))?["access_token"]?.stringValue ?? ""
        let product = try await first.request(
            "POST", "/v5/products", token: token, json: #"{"data":{"type":"product","attributes":{"name":"Durable"}}}"#)
        #expect(product.status == 201)
        let productID = (try? JSONParser.parse(product.body))?["data"]?["id"]?.stringValue ?? ""
        let devices = try await first.request("GET", "/v5/devices", token: token)
        let deviceList = (try? JSONParser.parse(devices.body))?["data"]?.arrayValue ?? []
        #expect(deviceList.compactMap { $0["attributes"]?["name"]?.stringValue }
            == ["demo-device-1", "demo-device-2", "demo-device-3", "demo-device-4"])
        #expect(deviceList.compactMap { $0["attributes"]?["device_online"]?.boolValue } == [true, true, true, false])
        // Make demo-device-1 run code, so that it must resume after the restart.
        let group = try await first.request(
            "POST", "/v5/devicegroups", token: token,
            json: #"{"data":{"type":"development_devicegroup","attributes":{"name":"G"},"relationships":{"product":{"type":"product","id":"\#(productID)"}}}}"#)
        let groupID = (try? JSONParser.parse(group.body))?["data"]?["id"]?.stringValue ?? ""
        let deviceID = deviceList.first?["id"]?.stringValue ?? ""
        let deployed = try await first.request(
            "POST", "/v5/deployments", token: token,
            json: #"{"data":{"type":"deployment","attributes":{"device_code":"server.log(\"tick\")","agent_code":""},"relationships":{"devicegroup":{"type":"development_devicegroup","id":"\#(groupID)"}}}}"#)
        #expect(deployed.status == 201)
        let assigned = try await first.request(
            "POST", "/v5/devicegroups/\(groupID)/relationships/devices", token: token,
            json: #"{"data":[{"type":"device","id":"\#(deviceID)"}]}"#)
        #expect(assigned.status == 204)
        first.kill(SIGKILL)
        _ = await first.waitForExit()

        let second = try SimProcess(arguments)
        try await second.start()
        #expect(second.base.hasSuffix("/v5"))
        // The token and the product survived; the demo devices were not duplicated.
        let again = try await second.request("GET", "/v5/products/\(productID)", token: token)
        #expect(again.status == 200)
        let count = (try? JSONParser.parse(try await second.request("GET", "/v5/devices", token: token).body))?["data"]?.count
        #expect(count == 4)
        // The running device resumed its periodic output.
        func ticks() async throws -> Int {
            let logs = try await second.request("GET", "/v5/devices/\(deviceID)/logs?page[size]=100", token: token)
            let entries = (try? JSONParser.parse(logs.body))?["data"]?.arrayValue ?? []
            return entries.filter { $0["msg"]?.stringValue == "tick" }.count
        }
        // The simulator says when the device writes lines (events numbered from `next` on): the
        // count is checked again after each, until a new tick is there.
        let before = try await ticks()
        var resumed = false
        for _ in 0..<10 where !resumed {
            let clock = try await second.request("GET", "/_sim/clock")
            let next = (try? JSONParser.parse(clock.body))?["next_event"]?.intValue ?? 0
            resumed = try await ticks() > before
            if resumed { break }
            let event = try await second.request(
                "GET", "/_sim/events?kind=logs_written&subject=\(deviceID)&after=\(next)&timeout_ms=20000")
            #expect(event.status == 200, "no log entries within 20 s")
            if event.status != 200 { break }
        }
        #expect(resumed)
        second.kill(SIGTERM)
        #expect(await second.waitForExit() == 0)
    }

    /// Start-up time itself is measured by tools/bench/sim-bench.sh, not asserted here.
    @Test("Starts, serves its first request and stops on SIGINT")
    func startsAndServes() async throws {
        let directory = TestSim.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = try SimProcess(["--data", directory + "/data", "--demo"])
        try await process.start()
        let health = try await process.request("GET", "/_sim/health")
        #expect(health.status == 200)
        process.kill(SIGINT)
        #expect(await process.waitForExit() == 0)
    }
}

