import Foundation
import ImptHostKit
import Testing

/// The core groups are listed once, in the host (CoreGroups.names); the tests, the packaging
/// script and the missing-group messages all read that list. The manifest declares one plugin
/// product per group, so this suite holds the manifest and the build to the same list.
@Suite(.ownThreads) struct CoreGroupListTests {
    @Test func theManifestDeclaresAPluginForEveryCoreGroupAndNoOther() throws {
        let manifest = try String(contentsOf: Build.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let declared = manifest.split(separator: "\n").compactMap { line -> String? in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("plugin(\""), let end = text.dropFirst(8).firstIndex(of: "\"") else { return nil }
            return String(text.dropFirst(8)[..<end])
        }
        #expect(declared.sorted() == CoreGroups.names, "Package.swift's plugins: \(declared)")
    }

    @Test func theBuildHoldsAPluginForEveryCoreGroup() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Build.binDirectory.path)
        let built = files.filter { $0.hasPrefix("libimpt-") && $0.hasSuffix(".so") }
            .map { String($0.dropFirst("libimpt-".count).dropLast(".so".count)) }
        #expect(built.sorted() == CoreGroups.names, "built plugins: \(built)")
    }

    @Test func theListIsSortedAndEveryNameIsAGroupWord() {
        #expect(CoreGroups.names == CoreGroups.names.sorted())
        for name in CoreGroups.names {
            #expect(!name.isEmpty && name.allSatisfy { $0.isLowercase && $0.isLetter }, "\(name)")
        }
    }
}
