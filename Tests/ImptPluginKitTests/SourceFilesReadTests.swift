import Glibc
import Testing
import ImptPluginKit

/// `SourceFiles.read`: exact text, or the problem with its offset.
@Suite struct SourceFilesReadTests {
    /// A new file holding `bytes`; the caller removes it.
    static func file(_ bytes: [UInt8]) -> String {
        let path = "/tmp/impt-source-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).nut"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        precondition(fd >= 0)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        return path
    }

    @Test(arguments: [
        Array("\u{FEFF}// bom\r\nlocal x = \"ü✓\";\r\n".utf8),
        Array("server.log(\"\u{FFFD} is a real replacement character\");\n".utf8),
        [],
        Array(repeating: UInt8(ascii: "a"), count: 300_000),
    ])
    func textIsReadExactly(bytes: [UInt8]) throws {
        let path = Self.file(bytes)
        defer { unlink(path) }
        let text = try SourceFiles.read(path)
        #expect(Array(text.utf8) == bytes)
    }

    @Test(arguments: [
        ([0x61, 0x62, 0x63, 0xE9, 0x64] as [UInt8], SourceFileProblem.notUTF8(offset: 3)),
        ([0xEF, 0xBF, 0xBD, 0x61, 0xFF], .notUTF8(offset: 4)),
        ([0x61, 0x62, 0x00, 0x63], .nulByte(offset: 2)),
        (Array(repeating: 0x61, count: 11), .tooLarge(size: 11)),
    ])
    func problemsAreNamed(bytes: [UInt8], problem: SourceFileProblem) {
        let path = Self.file(bytes)
        defer { unlink(path) }
        #expect(throws: problem) { _ = try SourceFiles.read(path, limit: 10) }
    }
}
