#if canImport(Glibc)
import Glibc
#endif

/// What the host needs to know about a shared library before deciding to `dlopen` it, read from
/// the ELF headers without running any of its code.
public struct ELFSummary: Equatable, Sendable {
    /// Libraries it needs (DT_NEEDED).
    public var needed: [String]
    /// Whether its dynamic symbol table defines `impt_plugin_entry`.
    public var exportsEntry: Bool
    /// The strings of its `.comment` section (compiler identifications).
    public var comments: [String]

    /// A Swift library needs the Swift runtime, which ties it to one toolchain.
    public var isSwift: Bool { needed.contains { $0.hasPrefix("libswiftCore.so") } }

    /// Identifications of the clang compilers that built parts of the library. Every Swift
    /// toolchain's runtime stub, linked into each Swift library, carries its own.
    public var toolchains: [String] {
        comments.filter { $0.hasPrefix("clang version ") }
    }

    /// The first compiler identification, for messages.
    public var toolchain: String? { toolchains.first }
}

/// Why a file is not a loadable plugin library.
public struct ELFError: Error, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

public enum ELFInspector {
    static let entrySymbol = "impt_plugin_entry"

    public static func inspect(path: String) throws(ELFError) -> ELFSummary {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ELFError("cannot be read (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ELFError("cannot be read") }
        let file = ELFFile(fd: fd, size: Int(info.st_size))
        return try file.summary()
    }
}

/// Reads the parts of a 64-bit little-endian ELF file that matter here.
private struct ELFFile {
    let fd: Int32
    let size: Int

    struct Section {
        var name: UInt32
        var type: UInt32
        var offset: Int
        var size: Int
        var link: UInt32
        var entrySize: Int
    }

    func read(_ offset: Int, _ count: Int) throws(ELFError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset + count <= size else { throw ELFError("is truncated or corrupted") }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        guard got == count else { throw ELFError("is truncated or corrupted") }
        return bytes
    }

    func summary() throws(ELFError) -> ELFSummary {
        if size == 0 { throw ELFError("is empty") }
        guard size >= 64 else { throw ELFError("is not an ELF shared library (too small)") }
        let header = try read(0, 64)
        guard header[0] == 0x7F, header[1] == 0x45, header[2] == 0x4C, header[3] == 0x46 else {
            throw ELFError("is not an ELF shared library")
        }
        guard header[4] == 2, header[5] == 1 else { throw ELFError("is not a 64-bit little-endian ELF library") }
        let type = u16(header, 16)
        guard type == 3 else { throw ELFError("is an ELF file but not a shared library") }
        let machine = u16(header, 18)
        guard machine == Self.hostMachine else {
            throw ELFError("is built for another processor (ELF machine \(machine))")
        }
        let sectionOffset = Int(u64(header, 40))
        let sectionEntrySize = Int(u16(header, 58))
        let sectionCount = Int(u16(header, 60))
        let namesIndex = Int(u16(header, 62))
        guard sectionEntrySize >= 64, sectionCount > 0, namesIndex < sectionCount else {
            throw ELFError("has no section table")
        }
        let table = try read(sectionOffset, sectionEntrySize * sectionCount)
        let sections = (0..<sectionCount).map { i -> Section in
            let base = i * sectionEntrySize
            return Section(
                name: u32(table, base), type: u32(table, base + 4), offset: Int(u64(table, base + 24)),
                size: Int(u64(table, base + 32)), link: u32(table, base + 40), entrySize: Int(u64(table, base + 56)))
        }
        let sectionNames = try contents(sections[namesIndex])
        func named(_ name: String) -> Section? {
            sections.first { string(in: sectionNames, at: Int($0.name)) == name }
        }

        var needed: [String] = []
        var exportsEntry = false
        // SHT_DYNAMIC = 6: DT_NEEDED entries name strings in the linked string table.
        if let dynamic = sections.first(where: { $0.type == 6 }), Int(dynamic.link) < sections.count {
            let strings = try contents(sections[Int(dynamic.link)])
            let entries = try contents(dynamic)
            var offset = 0
            while offset + 16 <= entries.count {
                let tag = u64(entries, offset)
                if tag == 0 { break }
                if tag == 1, let name = string(in: strings, at: Int(u64(entries, offset + 8))) { needed.append(name) }
                offset += 16
            }
        }
        // SHT_DYNSYM = 11.
        if let symbols = sections.first(where: { $0.type == 11 }), Int(symbols.link) < sections.count {
            let strings = try contents(sections[Int(symbols.link)])
            let table = try contents(symbols)
            let stride = max(symbols.entrySize, 24)
            var offset = 0
            while offset + 24 <= table.count {
                let name = string(in: strings, at: Int(u32(table, offset)))
                let sectionIndex = u16(table, offset + 6)
                let binding = table[offset + 4] >> 4
                if name == ELFInspector.entrySymbol, sectionIndex != 0, binding == 1 || binding == 2 {
                    exportsEntry = true
                    break
                }
                offset += stride
            }
        }
        var comments: [String] = []
        if let comment = named(".comment") {
            let bytes = try contents(comment)
            comments = bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        }
        return ELFSummary(needed: needed, exportsEntry: exportsEntry, comments: comments)
    }

    private func contents(_ section: Section) throws(ELFError) -> [UInt8] {
        guard section.type != 8 else { return [] }  // SHT_NOBITS occupies no file space
        guard section.size <= 64 << 20 else { throw ELFError("has an implausibly large section") }
        return try read(section.offset, section.size)
    }

    private func string(in table: [UInt8], at offset: Int) -> String? {
        guard offset >= 0, offset < table.count else { return nil }
        var end = offset
        while end < table.count, table[end] != 0 { end += 1 }
        return String(decoding: table[offset..<end], as: UTF8.self)
    }

    private func u16(_ b: [UInt8], _ o: Int) -> UInt16 { UInt16(b[o]) | UInt16(b[o + 1]) << 8 }
    private func u32(_ b: [UInt8], _ o: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[o + $1]) << (8 * UInt32($1)) }
    }
    private func u64(_ b: [UInt8], _ o: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[o + $1]) << (8 * UInt64($1)) }
    }

    #if arch(x86_64)
    static let hostMachine: UInt16 = 62
    #elseif arch(arm64)
    static let hostMachine: UInt16 = 183
    #else
    static let hostMachine: UInt16 = 0
    #endif
}
