import Foundation
import Testing

/// libcurl and plugins are mapped into the process only when a command needs them. The dynamic
/// loader's own trace (LD_DEBUG=files) shows every library a process opens.
@Suite(.ownThreads) struct LazyLoadingTests {
    func librariesOpened(_ sandbox: Sandbox, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let trace = try sandbox.impt(arguments, environment: environment.merging(["LD_DEBUG": "files"]) { $1 }).stderr
        // A test that looks for a library's absence must first see that the trace exists at all:
        // the loader names libc for every process it starts.
        try #require(trace.contains("file=libc.so.6"), "the dynamic loader wrote no LD_DEBUG trace for \(arguments)")
        return trace
    }

    @Test(arguments: [["--version"], ["--help"], ["product", "--help"], ["product", "create", "--help"], ["auth", "login", "-h"]])
    func noLibcurlWithoutRequests(arguments: [String]) throws {
        let sandbox = try Sandbox()
        _ = try sandbox.impt("--help")  // warm the plugin cache
        let trace = try librariesOpened(sandbox, arguments)
        #expect(!trace.contains("libcurl"))
        #expect(!trace.contains("libFoundation"))
    }

    @Test func versionLoadsNoPlugin() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.impt("--help")
        let trace = try librariesOpened(sandbox, ["--version"])
        #expect(!trace.contains("libimpt-"))
    }

    /// Help, usage mistakes and completion come from the declarations in the plugin cache.
    @Test(arguments: [
        ["--help"], ["product", "--help"], ["product", "create", "--help"], ["product", "create", "--bogus"],
        ["product", "explode"], ["__complete", "product", "create", "--"], ["plugins", "list"],
    ])
    func onlyRunningACommandOpensAPlugin(arguments: [String]) throws {
        let sandbox = try Sandbox()
        _ = try sandbox.impt("--help")
        let trace = try librariesOpened(sandbox, arguments)
        #expect(!trace.contains("libimpt-"), "\(arguments)")
    }

    @Test func aCommandOpensOnlyItsOwnPlugin() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.impt("--help")
        let trace = try librariesOpened(sandbox, ["auth", "login", "--user", "u", "--pwd", "p", "--endpoint", "http://127.0.0.1:9/v5"])
        #expect(trace.contains("libimpt-auth.so"))
        #expect(!trace.contains("libimpt-product.so"))
    }

    @Test func aRequestLoadsLibcurl() throws {
        let sandbox = try Sandbox()
        // An unreachable loopback endpoint: the command makes one request, which fails fast.
        let trace = try librariesOpened(sandbox, ["auth", "login", "--user", "u", "--pwd", "p", "--endpoint", "http://127.0.0.1:9/v5"])
        #expect(trace.contains("libcurl"))
    }

    /// The first request's scheme picks the libcurl build: OpenSSL's for HTTPS (GnuTLS would read
    /// the whole system trust store through p11-kit), GnuTLS's, when installed, for plain HTTP.
    @Test func theSchemePicksTheLibcurlBuild() throws {
        let sandbox = try Sandbox()
        let login = ["auth", "login", "--user", "u", "--pwd", "p", "--endpoint"]
        let secure = try librariesOpened(sandbox, login + ["https://127.0.0.1:9/v5"])
        #expect(secure.contains("file=libcurl.so.4 "), "\(secure)")
        #expect(!secure.contains("libcurl-gnutls"))
        let plain = try librariesOpened(sandbox, login + ["http://127.0.0.1:9/v5"])
        if Self.systemHasGnuTLSLibcurl {
            #expect(plain.contains("file=libcurl-gnutls.so.4 "), "\(plain)")
            #expect(!plain.contains("file=libcurl.so.4 "))
        } else {
            #expect(plain.contains("file=libcurl.so.4 "), "\(plain)")
        }
    }

    static var systemHasGnuTLSLibcurl: Bool {
        ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"]
            .contains { FileManager.default.fileExists(atPath: $0 + "/libcurl-gnutls.so.4") }
    }
}
