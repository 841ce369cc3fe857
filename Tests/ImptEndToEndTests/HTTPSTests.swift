import Foundation
import Testing

/// impt over HTTPS, as against the real impCentral: the simulator behind a local TLS front whose
/// self-signed certificate is trusted through `CURL_CA_BUNDLE`.
@Suite(.ownThreads) struct HTTPSTests {
    @Test func loginAndProductsOverHTTPS() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        let front = try TLSFront(for: sim)
        sandbox.extraEnvironment["CURL_CA_BUNDLE"] = front.certificate.path
        let login = try sandbox.impt("auth", "login", "--endpoint", front.baseURL, "--user", "demo", "--pwd", "demo-password")
        #expect(login.stdout == "Global login is successful.\nIMPT COMMAND SUCCEEDS\n", "\(login)")
        let info = try sandbox.impt("auth", "info")
        #expect(info.lines.dropFirst(2).first == "  impCentral API endpoint:   \(front.baseURL)", "\(info)")
        let created = try sandbox.impt("product", "create", "--name", "OverTLS")
        #expect(created.status == 0 && created.lines.first == "Product \"OverTLS\" is created successfully.", "\(created)")
        let list = try sandbox.impt("product", "list", "-z", "json")
        #expect(list.status == 0 && list.stdout.contains("\"name\": \"OverTLS\""), "\(list)")
        let debug = try sandbox.impt("product", "info", "-p", "OverTLS", "-z", "debug")
        #expect(debug.stdout.contains("\"url\": \"\(front.baseURL)/products"), "requests go to the HTTPS endpoint: \(debug)")
    }

    @Test func anUntrustedCertificateIsNamed() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        let front = try TLSFront(for: sim)
        // No CURL_CA_BUNDLE: the system's authorities do not include the test certificate.
        let run = try sandbox.impt("auth", "login", "--endpoint", front.baseURL, "--user", "demo", "--pwd", "demo-password")
        #expect(run.status == 1)
        #expect(run.lines.count == 2 && run.lines[0].hasPrefix("Error: SSL certificate problem: ") && run.lines[0].hasSuffix("."), "\(run)")
        #expect(run.lines.last == "IMPT COMMAND FAILS")
        #expect(!FileManager.default.fileExists(atPath: sandbox.globalAuthFile.path))
        let json = try sandbox.impt("auth", "login", "--endpoint", front.baseURL, "--user", "demo", "--pwd", "demo-password", "-z", "json")
        #expect(json.stdout.hasPrefix("{\n  \"Error\": \"SSL certificate problem: "), "\(json)")
    }

    @Test func aMissingBundleIsNamed() throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        let front = try TLSFront(for: sim)
        sandbox.extraEnvironment["CURL_CA_BUNDLE"] = sandbox.root.appendingPathComponent("absent.pem").path
        let run = try sandbox.impt("auth", "login", "--endpoint", front.baseURL, "--user", "demo", "--pwd", "demo-password")
        #expect(run.status == 1)
        #expect(run.lines.first?.contains("absent.pem") == true, "\(run)")
    }
}
