import Foundation
import ImptTestHTTPServer
import Testing

/// A token renewal never writes its older context over a newer login made meanwhile by another
/// impt: the auth file is compared, under a lock beside it, before it is replaced.
@Suite(.ownThreads) struct AuthFileRaceTests {
    @Test func aRenewalKeepsALoginMadeWhileItRan() throws {
        let renewalArrived = DispatchSemaphore(value: 0)
        let answerRenewal = DispatchSemaphore(value: 0)
        let server = try ScriptedHTTPServer { request, connection in
            if request.path == "/v5/auth/token" {
                renewalArrived.signal()
                _ = answerRenewal.wait(timeout: .now() + 20)
                connection.reply(200, #"{"access_token":"renewed-token","expires_in":3600}"#)
            } else {
                connection.reply(200, #"{"data":[]}"#)
            }
        }
        let sandbox = try Sandbox()
        // Less than three minutes left: the command renews the token first.
        try sandbox.writeAuthFile(endpoint: server.endpoint, accessToken: "old-token", expiresIn: 60, refreshToken: "refresh-1")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Build.impt)
        process.arguments = ["product", "list"]
        process.environment = sandbox.environment
        process.currentDirectoryURL = sandbox.work
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        #expect(renewalArrived.wait(timeout: .now() + 20) == .success)
        // Another impt logs in while the renewal is on its way.
        try sandbox.writeAuthFile(endpoint: server.endpoint, accessToken: "newer-login", refreshToken: "refresh-2")
        let newer = try Data(contentsOf: sandbox.globalAuthFile)
        answerRenewal.signal()
        process.waitUntilExit()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(stdout)")
        #expect(try Data(contentsOf: sandbox.globalAuthFile) == newer, "the newer login is kept")
        #expect(server.requests.last?.headers["authorization"] == "Bearer renewed-token", "the command used its own renewal")
    }

    @Test func aRenewalIsSavedWhenNothingChangedAndTheLockFileIsPrivate() throws {
        let server = try ScriptedHTTPServer { request, connection in
            if request.path == "/v5/auth/token" {
                connection.reply(200, #"{"access_token":"renewed-token","expires_in":3600}"#)
            } else {
                connection.reply(200, #"{"data":[]}"#)
            }
        }
        let sandbox = try Sandbox()
        try sandbox.writeAuthFile(endpoint: server.endpoint, accessToken: "old-token", expiresIn: 60, refreshToken: "refresh-1")
        #expect(try sandbox.impt("product", "list").status == 0)
        let file = try sandbox.authFile(sandbox.globalAuthFile)
        #expect(file["accessToken"] == "renewed-token" && file["refreshToken"] == "refresh-1")
        let lock = sandbox.home.appendingPathComponent(".impt.auth.lock")
        let attributes = try FileManager.default.attributesOfItem(atPath: lock.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func aLinkPlantedAsTheLockFileIsNotFollowed() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        let target = sandbox.root.appendingPathComponent("elsewhere")
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.home.appendingPathComponent(".impt.auth.lock").path, withDestinationPath: target.path)
        try sandbox.login(sim)
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(try sandbox.authFile(sandbox.globalAuthFile)["accessToken"] != nil)
    }
}
