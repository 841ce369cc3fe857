import Foundation
import Testing

/// Requests follow HTTP_PROXY. The endpoint's host name is never resolved: libcurl hands the whole
/// URL to the proxy, here the simulator itself on 127.0.0.1, so no traffic leaves the machine.
@Suite(.ownThreads) struct ProxyTests {
    @Test(arguments: ["HTTP_PROXY", "http_proxy"])
    func requestsGoThroughTheProxy(variable: String) throws {
        let sandbox = try Sandbox()
        let sim = try Simulator()
        let proxy = sim.baseURL.replacingOccurrences(of: "/v5", with: "")
        sandbox.extraEnvironment = [variable: proxy]
        let endpoint = "http://impcentral.invalid/v5"
        let login = try sandbox.impt("auth", "login", "-e", endpoint, "-u", "demo", "-w", "demo-password")
        #expect(login.status == 0, "\(login)")
        let debug = try sandbox.impt("product", "create", "-n", "ViaProxy", "-z", "debug")
        #expect(debug.status == 0, "\(debug)")
        #expect(debug.stdout.contains("\"url\": \"http://impcentral.invalid/v5/products\""))
        #expect(try sandbox.impt("product", "list", "-z", "json").stdout.contains("ViaProxy"))
    }
}
