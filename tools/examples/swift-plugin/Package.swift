// swift-tools-version:6.1
// An impt command-group plugin in Swift, built outside the impt package: it depends on impt's Swift
// SDK (the ImptPluginKit product) by path. A company's plugin points the path, or a git URL and
// version, at its copy of impt. Build it with the same Swift toolchain as the impt it is loaded
// into (impt refuses a Swift plugin of another toolchain):
//
//   swift build -c release
//   cp .build/release/libimpt-swift-example.so ~/.local/share/impt/plugins/
import PackageDescription

let package = Package(
    name: "impt-swift-example",
    products: [
        .library(name: "impt-swift-example", type: .dynamic, targets: ["SwiftExample"])
    ],
    dependencies: [
        .package(name: "impt", path: "../../..")
    ],
    targets: [
        .target(
            name: "SwiftExample",
            dependencies: [.product(name: "ImptPluginKit", package: "impt")],
            // The impt package carries only the core Swift runtime (libswiftCore, libswiftGlibc):
            // a plugin must not pull in the Concurrency or StringProcessing runtimes implicitly,
            // or it would not load on a machine without Swift.
            swiftSettings: [
                .unsafeFlags([
                    "-Xfrontend", "-disable-implicit-concurrency-module-import",
                    "-Xfrontend", "-disable-implicit-string-processing-module-import",
                ])
            ],
            // Only the entry point is exported, as for the core plugins.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=\(Context.packageDirectory)/exports.map"])]
        )
    ]
)
