import Foundation
import Testing

/// The packages of tools/package.sh, installed as a user installs them, run on what amounts to a
/// machine without Swift (the toolchain's runtime directories hidden in a mount namespace).
@Suite(.ownThreads) struct PackageInstallTests {
    static let groupPackages = Build.corePlugins.map { "impt-\($0)" }

    @Test func theToolchainIsReallyHidden() throws {
        let run = try WithoutToolchain.run(Build.impt, ["--version"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(run.status != 0, "the build folder's impt needs the toolchain: \(run)")
        #expect(run.stderr.contains("error while loading shared libraries: libswift") && run.stderr.contains("cannot open shared object file"),
                "\(run)")
    }

    @Test func aFullInstallRunsWithoutTheToolchain() throws {
        let root = try PackageRoot(["impt", "impcentral-sim"] + Self.groupPackages)
        let version = try root.impt("--version")
        #expect(version.status == 0 && version.stdout == Build.version + "\n", "\(version)")
        let help = try root.impt("--help")
        #expect(help.status == 0 && help.stderr.isEmpty, "\(help)")
        for group in Build.corePlugins { #expect(help.stdout.contains("  impt \(group) "), "\(group): \(help)") }

        let list = try root.impt("plugins", "list", "-z", "json")
        let rows = try #require(list.json as? [[String: [String: String]]], "\(list)").compactMap { $0["Plugin"] }
        #expect(rows.count == Build.corePlugins.count, "\(list)")
        #expect(rows.allSatisfy { $0["status"] == "ready" && $0["path"]?.hasPrefix(root.path("usr/lib/impt/plugins/")) == true },
                "\(list)")
        #expect(rows.compactMap { $0["group"] }.sorted() == Build.corePlugins.sorted())

        let sim = try root.simulator()
        let login = try root.impt("auth", "login", "--endpoint", sim.baseURL, "--user", "demo", "--pwd", "demo-password")
        #expect(login.status == 0 && login.lines.last == "IMPT COMMAND SUCCEEDS", "\(login)")
        let devices = try root.impt("device", "list", "-z", "json")
        #expect(devices.status == 0, "\(devices)")
        #expect(((devices.json as? [Any])?.count ?? 0) > 0, "the demo account's devices: \(devices)")
    }

    /// A factory station: impt with auth, device and log only.
    @Test func aStationInstallsOnlyItsGroups() throws {
        let root = try PackageRoot(["impt", "impt-auth", "impt-device", "impt-log"])
        let help = try root.impt("--help")
        let listed = help.lines.compactMap { line -> String? in
            guard line.hasPrefix("  impt ") else { return nil }
            return line.dropFirst(7).split(separator: " ").first.map(String.init)
        }
        #expect(listed == ["auth", "completion", "device", "log", "plugins"], "\(help)")

        let missing = try root.impt("product", "list")
        #expect(missing.status == 1, "\(missing)")
        #expect(missing.stdout == "Error: The \"product\" command group is not installed. It comes with the impt-product package.\n"
            + "IMPT COMMAND FAILS\n", "\(missing)")
        #expect(try root.impt("webhook", "--help").stdout.contains("It comes with the impt-webhook package."))

        let list = try root.impt("plugins", "list")
        #expect(list.lines.first == "Plugin list (\(Build.corePlugins.count) items):", "\(list)")
        #expect(list.stdout.contains("  group:   product\n  package: impt-product\n  status:  not installed\n"), "\(list)")

        // A newer impt-product than this impt supports: installed, unusable, and said why.
        try compilePlugin(Build.fixtures.appendingPathComponent("fixture_plugin.c"),
                          to: URL(fileURLWithPath: root.path("usr/lib/impt/plugins/libimpt-product.so")),
                          flags: ["-DFIXTURE_GROUP=\"product\"", "-DFIXTURE_MINOR=9"])
        let newer = try root.impt("product", "list")
        #expect(newer.status == 1, "\(newer)")
        #expect(newer.stdout.contains("Error: The \"product\" command group cannot be used: \(root.path("usr/lib/impt/plugins/libimpt-product.so")) "
            + "is built for plugin ABI 1.9, newer than this impt's"), "\(newer)")
        let skipped = try root.impt("plugins", "list")
        #expect(skipped.stdout.contains("status: skipped: it is built for plugin ABI 1.9"), "\(skipped)")
        #expect(skipped.stdout.contains("  group:   product\n  package: impt-product\n  status:  unusable (see its file above)\n"),
                "\(skipped)")

        // Adding a group is installing its package; nothing else changes.
        try FileManager.default.removeItem(atPath: root.path("usr/lib/impt/plugins/libimpt-product.so"))
        try root.extract(["impt-product"])
        let added = try root.impt("product", "list", "--help")
        #expect(added.status == 0 && added.stdout.contains("Usage: impt product list"), "\(added)")
    }

    /// The packages' metadata: one version, dependencies only on the distribution, stripped
    /// binaries that search for libraries only relative to themselves.
    @Test func packagesCarryOneVersionAndNoToolchain() throws {
        for package in ["impt", "impt-full", "impcentral-sim"] + Self.groupPackages {
            let deb = try Dist.deb(package)
            let control = try runProgram("/usr/bin/dpkg-deb", ["-f", deb.path], environment: [:]).stdout
            #expect(control.contains("Package: \(package)\n") && control.contains("Version: \(Build.version)\n"), "\(control)")
            #expect(!control.lowercased().contains("swiftlang") && !control.contains("/opt/"), "\(control)")
            let root = try PackageRoot()
            try root.extract([package])
            let files = FileManager.default.enumerator(atPath: root.root.path)?.compactMap { $0 as? String } ?? []
            for file in files where file.hasPrefix("usr/bin/") || file.hasSuffix(".so") {
                let path = root.path(file)
                let dynamic = try runProgram("/usr/bin/readelf", ["-d", "-S", "-W", path], environment: [:]).stdout
                for line in dynamic.split(separator: "\n") where line.contains("(RUNPATH)") || line.contains("(RPATH)") {
                    #expect(line.contains("[$ORIGIN") && !line.contains(":/"), "\(package): \(file): \(line)")
                }
                #expect(!dynamic.contains(" .symtab "), "\(package): \(file) is not stripped")
            }
        }
        let host = try runProgram("/usr/bin/dpkg-deb", ["-f", try Dist.deb("impt").path, "Depends", "Provides"], environment: [:]).stdout
        #expect(host.contains("libffi") && host.contains("libcurl4 | libcurl3-gnutls") && host.contains("libstdc++6"), "\(host)")
        #expect(host.contains("impt-abi-1.0") && host.contains("impt-swift-runtime-"), "\(host)")
        let auth = try runProgram("/usr/bin/dpkg-deb", ["-f", try Dist.deb("impt-auth").path, "Depends"], environment: [:]).stdout
        #expect(auth.contains("impt, impt-abi-1.") && auth.contains("impt-swift-runtime-"), "\(auth)")
        let full = try runProgram("/usr/bin/dpkg-deb", ["-f", try Dist.deb("impt-full").path, "Depends"], environment: [:]).stdout
        for package in Self.groupPackages { #expect(full.contains("\(package) (>= \(Build.version))"), "\(full)") }
    }

    /// dpkg itself, on a private root: a group comes and goes with its package, and a damaged
    /// package file is refused by dpkg with the installed tree unchanged.
    @Test func dpkgAddsAndRemovesGroups() throws {
        let root = try PackageRoot()
        let admin = root.root.appendingPathComponent("var/lib/dpkg")
        for directory in ["info", "updates", "triggers"] {
            try FileManager.default.createDirectory(at: admin.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        try Data().write(to: admin.appendingPathComponent("status"))
        func dpkg(_ arguments: [String]) throws -> Run {
            try runProgram("/usr/bin/dpkg", ["--root=\(root.root.path)", "--force-depends", "--force-script-chrootless"] + arguments,
                           environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"])
        }
        var run = try dpkg(["-i", try Dist.deb("impt").path, try Dist.deb("impt-auth").path, try Dist.deb("impt-product").path])
        #expect(run.status == 0, "\(run)")
        #expect(try root.impt("--help").stdout.contains("  impt product "))

        run = try dpkg(["-r", "impt-product"])
        #expect(run.status == 0, "\(run)")
        #expect(!FileManager.default.fileExists(atPath: root.path("usr/lib/impt/plugins/libimpt-product.so")))
        let removed = try root.impt("product", "list")
        #expect(removed.status == 1 && removed.stdout.contains("It comes with the impt-product package."), "\(removed)")

        let damaged = root.root.appendingPathComponent("impt-product-damaged.deb")
        let bytes = try Data(contentsOf: try Dist.deb("impt-product"))
        try bytes.prefix(bytes.count / 2).write(to: damaged)
        let before = try Self.tree(root.path("usr"))
        run = try dpkg(["-i", damaged.path])
        #expect(run.status != 0, "\(run)")
        #expect(run.stderr.contains("dpkg-deb") || run.stderr.contains("dpkg: error"), "dpkg's own error: \(run)")
        #expect(try Self.tree(root.path("usr")) == before, "the installed tree is unchanged")
        #expect(try root.impt("auth", "--help").status == 0)
    }

    /// The tarball's install.sh, with and without --groups, and its refusals.
    @Test func tarballInstallsWhatItIsAskedFor() throws {
        let root = try PackageRoot()
        let unpacked = try runProgram("/bin/tar", ["-xzf", try Dist.tarball().path, "-C", root.root.path], environment: [:])
        #expect(unpacked.status == 0, "\(unpacked)")
        let tree = try #require(try FileManager.default.contentsOfDirectory(atPath: root.root.path).first { $0.hasPrefix("impt-") })
        let script = root.path("\(tree)/install.sh")
        func install(_ arguments: String...) throws -> Run {
            try runProgram(script, arguments, environment: ["PATH": "/usr/bin:/bin"])
        }
        func impt(_ prefix: String, _ arguments: String...) throws -> Run {
            try WithoutToolchain.run(root.path("\(prefix)/bin/impt"), arguments, environment: root.environment, directory: root.work)
        }
        func groups(_ prefix: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: root.path("\(prefix)/lib/impt/plugins"))) ?? [])
                .filter { $0.hasSuffix(".so") }.map { String($0.dropFirst("libimpt-".count).dropLast(3)) }.sorted()
        }

        var run = try install("--prefix", root.path("everything"), "--simulator")
        #expect(run.status == 0, "\(run)")
        #expect(groups("everything") == Build.corePlugins.sorted())
        let list = try impt("everything", "plugins", "list", "-z", "json")
        #expect(list.status == 0 && !list.stdout.contains("not installed") && !list.stdout.contains("skipped"), "\(list)")
        #expect(FileManager.default.isExecutableFile(atPath: root.path("everything/bin/impcentral-sim")))

        run = try install("--prefix", root.path("station"), "--groups", "auth,device,log")
        #expect(run.status == 0 && run.stdout.contains("with the groups: auth, device, log."), "\(run)")
        #expect(groups("station") == ["auth", "device", "log"])
        #expect(try impt("station", "device", "--help").status == 0)
        #expect(!FileManager.default.fileExists(atPath: root.path("station/bin/impcentral-sim")))

        run = try install("--prefix", root.path("refused"), "--groups", "auth,devices")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr == "install.sh: there is no command group \"devices\"; the groups are: "
            + Build.corePlugins.sorted().joined(separator: ", ") + "\n", "\(run)")
        #expect(!FileManager.default.fileExists(atPath: root.path("refused")), "nothing is installed")

        run = try install("--prefix", root.path("station"), "--groups", "product")
        #expect(run.status == 0 && groups("station") == ["auth", "device", "log", "product"], "\(run)")
        run = try install("--prefix", root.path("station"), "--remove-groups", "log,product")
        #expect(run.status == 0 && groups("station") == ["auth", "device"], "\(run)")
        #expect(try impt("station", "log", "list").stdout.contains("It comes with the impt-log package."))

        run = try install("--prefix", root.path("station"), "--uninstall")
        #expect(run.status == 0, "\(run)")
        #expect((try? Self.tree(root.path("station"))) ?? [] == ["bin", "lib", "share"], "only the prefix's own directories are left")
    }

    /// Two installations sharing one home directory each keep a plugin cache of their own: running
    /// them in turn inspects no plugin again.
    @Test func twoInstallationsShareAHomeWithoutRedoingEachOthersWork() throws {
        let first = try PackageRoot(["impt"] + Self.groupPackages)
        let second = try PackageRoot(["impt", "impt-auth", "impt-log"])
        let home = ["HOME": first.home.path]
        #expect(try first.impt("--help", environment: home).status == 0)
        #expect(try second.impt("--help", environment: home).status == 0)
        let cacheDirectory = first.home.appendingPathComponent(".cache/impt")
        let files = try FileManager.default.contentsOfDirectory(atPath: cacheDirectory.path).sorted()
        #expect(files.count == 2 && files.allSatisfy { $0.hasPrefix("plugins-") && $0.hasSuffix(".jsonl") }, "\(files)")
        /// Each installation's cache file, by the installation's root, with its inode and time.
        func identities() throws -> [String: String] {
            var found: [String: String] = [:]
            for name in files {
                let path = cacheDirectory.appendingPathComponent(name).path
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let owner = text.contains(first.root.path) ? "first" : text.contains(second.root.path) ? "second" : name
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                found[owner] = "\(attributes[.systemFileNumber] ?? 0) \((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
            }
            return found
        }
        let written = try identities()
        #expect(Set(written.keys) == ["first", "second"], "\(written)")
        for _ in 0..<2 {
            #expect(try first.impt("--help", environment: home).stdout.contains("  impt product "))
            #expect(!(try second.impt("--help", environment: home).stdout.contains("  impt product ")))
        }
        #expect(try identities() == written, "neither cache file was rewritten")
        // A package removed from one installation is noticed by that installation alone.
        try FileManager.default.removeItem(atPath: first.path("usr/lib/impt/plugins/libimpt-product.so"))
        #expect(try first.impt("product", "list", environment: home).stdout.contains("not installed"))
        let after = try identities()
        #expect(after["first"] != written["first"] && after["second"] == written["second"], "\(after)")
    }

    /// Every file and directory under `path`, relative, sorted.
    static func tree(_ path: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
        return enumerator.compactMap { $0 as? String }.sorted()
    }
}
