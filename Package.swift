// swift-tools-version:6.1
import PackageDescription

/// Debug builds optimise impt's own host, SDK and plugins too: the tests run more than a thousand
/// commands, each several times faster optimised. `IMPT_DEBUG_ONONE=1` builds them unoptimised
/// (for a debugger).
let optimisedDebug: [SwiftSetting] =
    Context.environment["IMPT_DEBUG_ONONE"] == "1" ? [] : [.unsafeFlags(["-O"], .when(configuration: .debug))]

// The host and the plugins must start fast (see Docs/Architecture.md): they do not import
// Foundation and they do not pull in the Concurrency or StringProcessing runtimes implicitly.
let lean: [SwiftSetting] = [
    .unsafeFlags([
        "-Xfrontend", "-disable-implicit-concurrency-module-import",
        "-Xfrontend", "-disable-implicit-string-processing-module-import",
    ])
] + optimisedDebug

/// `IMPT_RELOCATABLE=1` (set by tools/package.sh) links every binary to find the Swift runtime
/// libraries relative to its own location instead of inside the toolchain, so an installed tree
/// runs on machines without Swift. `relative` is the runtime's directory seen from the binary's.
let relocatable = Context.environment["IMPT_RELOCATABLE"] == "1"
func runtimeSearchPath(_ relative: String) -> [LinkerSetting] {
    guard relocatable else { return [] }
    return [.unsafeFlags(["-no-toolchain-stdlib-rpath", "-Xlinker", "-rpath=$ORIGIN/\(relative)"])]
}

/// Package builds optimise plugins and the SDK in them for size: every plugin carries its own
/// copy of the SDK, so `-Osize`, one section per function and the linker's garbage collection
/// of unused ones take about a tenth off each installed plugin.
let compactSwift: [SwiftSetting] = relocatable ? [.unsafeFlags(["-Osize", "-Xfrontend", "-function-sections"])] : []
let compactLinking: [LinkerSetting] = relocatable ? [.unsafeFlags(["-Xlinker", "--gc-sections"])] : []

/// A command-group plugin: one dynamic library exporting only `impt_plugin_entry`.
func plugin(_ group: String, directory: String) -> (Product, Target) {
    let target = "Impt\(directory)Plugin"
    return (
        .library(name: "impt-\(group)", type: .dynamic, targets: [target]),
        .target(
            name: target,
            dependencies: ["ImptPluginKit"],
            path: "Plugins/\(directory)",
            swiftSettings: lean + compactSwift,
            // Installed in <prefix>/lib/impt/plugins, beside the runtime in <prefix>/lib/impt.
            linkerSettings: [
                .unsafeFlags(["-Xlinker", "--version-script=Plugins/plugin-exports.map"])
            ] + runtimeSearchPath("..") + compactLinking
        )
    )
}

let plugins = [
    plugin("auth", directory: "Auth"),
    plugin("product", directory: "Product"),
    plugin("dg", directory: "DeviceGroup"),
    plugin("device", directory: "Device"),
    plugin("build", directory: "Build"),
    plugin("webhook", directory: "Webhook"),
    plugin("log", directory: "Log"),
    plugin("project", directory: "Project"),
    plugin("loginkey", directory: "LoginKey"),
    plugin("account", directory: "Account"),
]

let package = Package(
    name: "impt",
    products: [
        .executable(name: "impt", targets: ["ImptHost"]),
        .executable(name: "impcentral-sim", targets: ["ImpcentralSimMain"]),
        // The Swift SDK for plugins built outside this package (tools/examples/swift-plugin):
        // linked statically into each plugin, with the ABI header it wraps.
        .library(name: "ImptPluginKit", targets: ["ImptPluginKit"]),
        .executable(name: "impt-abi-bench", targets: ["ImptABIBench"]),
        .executable(name: "impt-inprocess-bench", targets: ["ImptInProcessBench"]),
    ] + plugins.map(\.0),
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        // impcentral-sim: NIOCore to read the bound port of `--port 0` (already resolved via hummingbird).
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        // impcentral-sim: Logging to send Hummingbird's log lines to stderr (already resolved).
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        // impcentral-sim: the HTTP client that delivers webhooks (already resolved via HummingbirdTesting).
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        // impcentral-sim: the web console's server-rendered pages.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
    ],
    targets: [
        // The stable C ABI: the only thing a plugin compiles against.
        .target(name: "ImptPluginAPI", path: "Sources/ImptPluginAPI"),

        // Small C shims: all unsafe interop with C libraries lives here.
        .target(
            name: "CImptFFI",
            dependencies: ["ImptPluginAPI"],
            path: "Sources/CImptFFI",
            linkerSettings: [.linkedLibrary("ffi")]
        ),
        .target(
            name: "CImptCurl",
            path: "Sources/CImptCurl",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        .target(name: "CImptText", path: "Sources/CImptText"),
        // impt's version, set once (tools/package.sh reads it too).
        .target(name: "CImptVersion", path: "Sources/CImptVersion"),
        .target(
            name: "CImptSystem",
            dependencies: ["ImptPluginAPI"],
            path: "Sources/CImptSystem",
            linkerSettings: [.linkedLibrary("dl")]
        ),

        // JSON string bytes at memory speed (safe Swift over CImptText): host, SDK and simulator.
        .target(
            name: "ImptJSONText",
            dependencies: ["CImptText"],
            path: "Sources/ImptJSONText",
            swiftSettings: lean
        ),

        // Where a Project's source files may be (inside its directory): host and SDK.
        .target(name: "ImptProjectPaths", path: "Sources/ImptProjectPaths", swiftSettings: lean),

        // The host: everything testable lives in the library; the executable is a thin main.
        .target(
            name: "ImptHostKit",
            dependencies: [
                "ImptPluginAPI", "ImptJSONText", "ImptProjectPaths", "CImptVersion", "CImptFFI", "CImptCurl", "CImptSystem",
            ],
            path: "Sources/ImptHostKit",
            swiftSettings: lean
        ),
        .executableTarget(
            name: "ImptHost",
            dependencies: ["ImptHostKit"],
            path: "Sources/ImptHost",
            swiftSettings: lean,
            // Installed as <prefix>/bin/impt with its runtime in <prefix>/lib/impt.
            linkerSettings: runtimeSearchPath("../lib/impt")
        ),

        // Swift SDK for plugin authors, linked statically into each Swift plugin.
        .target(
            name: "ImptPluginKit",
            dependencies: ["ImptPluginAPI", "ImptJSONText", "ImptProjectPaths", "CImptVersion"],
            path: "Sources/ImptPluginKit",
            swiftSettings: lean + compactSwift
        ),

        // impcentral-sim: a local impCentral API v5 server.
        .target(
            name: "CSimDigest",
            path: "tools/impcentral-sim/Sources/CSimDigest",
            linkerSettings: [.linkedLibrary("crypto")]
        ),
        .target(
            name: "ImpcentralSim",
            dependencies: [
                "ImptJSONText",
                "CSimDigest",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            path: "tools/impcentral-sim/Sources/ImpcentralSim"
        ),
        .executableTarget(
            name: "ImpcentralSimMain",
            dependencies: ["ImpcentralSim"],
            path: "tools/impcentral-sim/Sources/impcentral-sim",
            // Installed as <prefix>/bin/impcentral-sim with its own runtime in <prefix>/lib/impcentral-sim.
            linkerSettings: runtimeSearchPath("../lib/impcentral-sim")
        ),

        // tools/bench/abi-call-bench.sh: handler calls of both forms, timed in one process.
        .executableTarget(
            name: "ImptABIBench",
            dependencies: ["ImptHostKit"],
            path: "tools/bench/abi-call",
            exclude: ["bench_plugin.c"],
            swiftSettings: lean
        ),
        // tools/bench/in-process-bench.sh: commands run in-process, as the in-process tests run them.
        .executableTarget(
            name: "ImptInProcessBench",
            dependencies: ["ImptHostKit", "ImpcentralSim"],
            path: "tools/bench/in-process"
        ),

        .testTarget(
            name: "ImptHostTests",
            dependencies: ["ImptHostKit", "ImptJSONText"],
            path: "Tests/ImptHostTests"
        ),
        .testTarget(
            name: "ImptPluginKitTests",
            dependencies: ["ImptPluginKit"],
            path: "Tests/ImptPluginKitTests"
        ),
        // Tests: a scripted HTTP server on 127.0.0.1 (a misbehaving impCentral, a webhook target).
        .target(name: "ImptTestHTTPServer", path: "Tests/Support/TestHTTPServer"),
        .testTarget(
            name: "ImpcentralSimTests",
            dependencies: [
                "ImpcentralSim",
                "ImptTestHTTPServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/ImpcentralSimTests"
        ),
        // impt's commands, run as processes or in-process (the host library with the built
        // plugins), against simulators served from the test process.
        .testTarget(
            name: "ImptEndToEndTests",
            dependencies: ["ImptHostKit", "ImpcentralSim", "ImptTestHTTPServer"],
            path: "Tests/ImptEndToEndTests"
        ),
    ] + plugins.map(\.1)
)
