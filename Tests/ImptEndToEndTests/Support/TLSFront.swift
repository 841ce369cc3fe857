import Foundation

/// HTTPS in front of a simulator: a fresh self-signed certificate for 127.0.0.1 and the
/// `tls_forwarder` fixture relaying decrypted connections to the simulator's port. Stopped when
/// the value is released.
final class TLSFront {
    let process = Process()
    let directory: URL
    /// The PEM certificate clients must trust (it is its own authority).
    let certificate: URL
    let baseURL: String

    init(for sim: Simulator) throws {
        directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("impt-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certificate = directory.appendingPathComponent("certificate.pem")
        let key = directory.appendingPathComponent("key.pem")
        let made = try runProgram(
            "/usr/bin/env",
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", key.path, "-out", certificate.path, "-days", "1", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1"],
            environment: ["PATH": "/usr/local/bin:/usr/bin:/bin"])
        guard made.status == 0 else { throw ProcessError(description: "openssl req failed: \(made)") }
        guard let simPort = sim.baseURL.split(separator: ":").last?.split(separator: "/").first else {
            throw ProcessError(description: "no port in \(sim.baseURL)")
        }
        process.executableURL = URL(fileURLWithPath: try TLSFront.forwarder.get())
        process.arguments = [certificate.path, key.path, String(simPort)]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let port = try Simulator.firstLine(of: output.fileHandleForReading, timeout: 10)
        baseURL = "https://127.0.0.1:\(port)/v5"
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The forwarder, compiled once per test run with the system C compiler and OpenSSL.
    static let forwarder: Result<String, Error> = Result {
        let output = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("impt-tls-forwarder-\(getpid())")
        let source = Build.fixtures.appendingPathComponent("tls_forwarder.c")
        try compileC(source, to: output, flags: ["-O1"], libraries: ["-lssl", "-lcrypto"])
        return output.path
    }
}
