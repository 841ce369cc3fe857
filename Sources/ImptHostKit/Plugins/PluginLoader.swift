import CImptSystem
import ImptPluginAPI

/// Why a plugin was not loaded; printed as one line naming the file.
public struct PluginRejection: Error, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// A plugin library that has been opened and whose declarations have been read and checked.
public struct LoadedPlugin {
    public let path: String
    public let group: GroupSpec
    public let pluginVersion: String
    public let abiMinor: UInt16
    /// The language and toolchain the descriptor names (1.3), if any.
    public var language: String?
    public var toolchain: String?
    let handlers: [String: CommandHandler]

    func handler(for command: String) -> CommandHandler? { handlers[command] }
}

/// How a command's handler is called.
enum CommandHandler {
    /// The positional form: through libffi, one C argument per option.
    case positional(impt_handler)
    /// The 1.3 form: the context and the parsed arguments, laid out once per command.
    case run(impt_run_fn, ArgumentLayout)
}

public enum PluginLoader {
    public static let hostABIMajor = UInt16(IMPT_ABI_MAJOR)
    public static let hostABIMinor = UInt16(IMPT_ABI_MINOR)

    /// The toolchain identity of this host, compared with Swift plugins' before loading them.
    public static var hostToolchain: String { String(cString: impt_toolchain_identity()) }

    /// Libraries already opened in this process, by path (a library is never closed).
    nonisolated(unsafe) private static var opened: [String: LoadedPlugin] = [:]

    /// Checks the file without running it (unless `elf` is nil: already checked), opens it, reads
    /// and checks its declarations and calls its `init` callback (ABI 1.2) once.
    public static func load(path: String, elf: ELFSummary?, host: UnsafePointer<impt_host>) throws(PluginRejection) -> LoadedPlugin {
        if let plugin = opened[path] { return plugin }
        if let elf { try checkBeforeOpening(elf) }
        var error = [CChar](repeating: 0, count: 512)
        guard let library = impt_plugin_open(path, &error, error.count) else {
            throw PluginRejection("cannot be loaded: \(text(error))")
        }
        guard let entry = impt_plugin_entry(library) else {
            throw PluginRejection("does not export \(IMPT_PLUGIN_ENTRY_SYMBOL)")
        }
        guard let descriptor = impt_plugin_describe(entry, host) else {
            throw PluginRejection("\(IMPT_PLUGIN_ENTRY_SYMBOL) returned no descriptor")
        }
        let plugin = try read(descriptor, path: path)
        try initialize(descriptor, host: host)
        opened[path] = plugin
        return plugin
    }

    /// Calls the descriptor's `init` callback, when the plugin has one.
    private static func initialize(_ source: UnsafePointer<impt_plugin_descriptor>, host: UnsafePointer<impt_host>) throws(PluginRejection) {
        var descriptor = impt_plugin_descriptor()
        impt_read_descriptor(source, &descriptor)
        guard impt_descriptor_has_init(&descriptor) else { return }
        var message = [CChar](repeating: 0, count: 1024)
        let status = impt_plugin_initialize(&descriptor, host, &message, message.count)
        guard status != Int32(IMPT_OK.rawValue) else { return }
        let reason = text(message)
        throw PluginRejection(reason.isEmpty ? "failed to initialise (status \(status))" : "failed to initialise: \(reason)")
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The checks that need no code of the plugin to run.
    public static func checkBeforeOpening(_ elf: ELFSummary) throws(PluginRejection) {
        guard elf.exportsEntry else { throw PluginRejection("does not export \(IMPT_PLUGIN_ENTRY_SYMBOL)") }
        if elf.isSwift {
            guard let toolchain = elf.toolchain else {
                throw PluginRejection("is a Swift plugin whose Swift toolchain cannot be identified (its .comment section is missing)")
            }
            guard elf.toolchains.contains(hostToolchain) else {
                throw PluginRejection("is a Swift plugin built with another Swift toolchain (\(toolchain)); this impt was built with \(hostToolchain)")
            }
        }
    }

    /// Whether a plugin written for `major.minor` can run in this host.
    public static func negotiate(major: UInt16, minor: UInt16, hostMajor: UInt16 = hostABIMajor, hostMinor: UInt16 = hostABIMinor)
        throws(PluginRejection)
    {
        guard major == hostMajor else {
            throw PluginRejection("is built for plugin ABI \(major).\(minor); this impt supports ABI \(hostMajor).x only")
        }
        guard minor <= hostMinor else {
            throw PluginRejection("is built for plugin ABI \(major).\(minor), newer than this impt's \(hostMajor).\(hostMinor); update impt")
        }
    }

    /// Largest number of commands, options per command or constraints per command.
    static let maximumCount = 1000

    /// Checks the version and size of a struct the plugin wrote; `what` names it for messages
    /// ("a plugin descriptor", "commands[0]").
    private static func checkHeader(_ header: impt_struct_header, size: UInt32, minimum: Int, what: String) throws(PluginRejection) {
        try negotiate(major: header.abi_major, minor: header.abi_minor)
        try checkSize(size, minimum: minimum, what: what)
    }

    private static func checkSize(_ size: UInt32, minimum: Int, what: String) throws(PluginRejection) {
        guard Int(size) >= minimum else {
            throw PluginRejection("declares \(what) of \(size) bytes, smaller than the \(minimum) bytes of ABI 1.0")
        }
        guard size <= 65536 else { throw PluginRejection("declares \(what) of \(size) bytes, an implausible size") }
    }

    /// Checks the struct_size of every element of an array before it is read with the first
    /// element's size as the stride: `name` is the array ("commands", "options"), `owner` what
    /// holds it (" of command \"list\"").
    private static func checkArray(_ base: UnsafeRawPointer, count: Int, name: String, owner: String, minimum: Int) throws(PluginRejection) {
        guard count <= maximumCount else {
            throw PluginRejection("declares \(count) \(name)\(owner), more than \(maximumCount)")
        }
        let stride = impt_array_element_size(base, 0)
        try checkSize(stride, minimum: minimum, what: "\(name)[0]\(owner)")
        for index in 1..<max(1, count) {
            let size = impt_array_element_size(base, index)
            guard size == stride else {
                throw PluginRejection(
                    "declares \(name)[\(index)]\(owner) of \(size) bytes after \(name)[0] of \(stride) bytes; "
                        + "every element of an array must have the same struct_size")
            }
        }
    }

    static func read(_ source: UnsafePointer<impt_plugin_descriptor>, path: String) throws(PluginRejection) -> LoadedPlugin {
        var descriptor = impt_plugin_descriptor()
        let size = impt_read_descriptor(source, &descriptor)
        try checkHeader(descriptor.header, size: size, minimum: impt_min_size_descriptor(), what: "a plugin descriptor")
        let group = try name(descriptor.group, what: "group name")
        guard !HostCommands.reservedGroups.contains(group) else {
            throw PluginRejection("declares group \"\(group)\", which is reserved for impt itself")
        }
        guard descriptor.command_count > 0, let array = descriptor.commands else {
            throw PluginRejection("declares no commands")
        }
        try checkArray(array, count: descriptor.command_count, name: "commands", owner: "", minimum: impt_min_size_command())
        var commands: [CommandSpec] = []
        var handlers: [String: CommandHandler] = [:]
        for index in 0..<descriptor.command_count {
            var command = impt_command()
            let commandSize = impt_read_command(&descriptor, index, &command)
            try checkHeader(command.header, size: commandSize, minimum: impt_min_size_command(), what: "commands[\(index)]")
            let spec = try readCommand(command)
            guard handlers[spec.name] == nil else { throw PluginRejection("declares command \"\(spec.name)\" twice") }
            if let run = impt_command_run(&command) {
                handlers[spec.name] = .run(run, ArgumentLayout(spec))
            } else if let handler = command.handler {
                handlers[spec.name] = .positional(handler)
            } else {
                throw PluginRejection("command \"\(spec.name)\" has no handler")
            }
            commands.append(spec)
        }
        let summary = string(descriptor.summary) ?? ""
        let spec = GroupSpec(name: group, summary: summary, description: string(descriptor.description), commands: commands)
        return LoadedPlugin(
            path: path, group: spec, pluginVersion: string(descriptor.plugin_version) ?? "unknown",
            abiMinor: descriptor.header.abi_minor, language: label(impt_descriptor_language(&descriptor)),
            toolchain: label(impt_descriptor_toolchain(&descriptor)), handlers: handlers)
    }

    private static func readCommand(_ source: impt_command) throws(PluginRejection) -> CommandSpec {
        var command = source
        let name = try name(command.name, what: "command name")
        var options: [OptionSpec] = []
        let owner = " of command \"\(name)\""
        if command.option_count > 0 {
            guard let array = command.options else { throw PluginRejection("command \"\(name)\" declares options but no array") }
            try checkArray(array, count: command.option_count, name: "options", owner: owner, minimum: impt_min_size_option())
            for index in 0..<command.option_count {
                var option = impt_option()
                let optionSize = impt_read_option(&command, index, &option)
                try checkHeader(option.header, size: optionSize, minimum: impt_min_size_option(), what: "options[\(index)]\(owner)")
                options.append(try readOption(option, command: name))
            }
        }
        var seen = Set<String>()
        var aliases = Set<Character>(StandardOptions.all.compactMap(\.alias))
        for option in options {
            guard seen.insert(option.name).inserted else {
                throw PluginRejection("command \"\(name)\" declares option --\(option.name) twice")
            }
            if let alias = option.alias, !aliases.insert(alias).inserted {
                throw PluginRejection("command \"\(name)\" uses the alias -\(alias) twice or for a reserved option")
            }
        }
        var constraints: [ConstraintSpec] = []
        var examples: String?
        // Fields added in 1.1 mean nothing to a plugin written for 1.0 (the copy zero-fills them).
        let reachesMinor1 = command.header.abi_minor >= 1
        if reachesMinor1, command.constraint_count > 0, let array = command.constraints {
            try checkArray(array, count: command.constraint_count, name: "constraints", owner: owner, minimum: impt_min_size_constraint())
            for index in 0..<command.constraint_count {
                var constraint = impt_constraint()
                let constraintSize = impt_read_constraint(&command, index, &constraint)
                try checkHeader(
                    constraint.header, size: constraintSize, minimum: impt_min_size_constraint(), what: "constraints[\(index)]\(owner)")
                guard let kind = ConstraintKind(rawValue: constraint.kind),
                    let first = string(constraint.first), seen.contains(first),
                    let second = string(constraint.second), seen.contains(second)
                else {
                    throw PluginRejection("command \"\(name)\" declares an invalid constraint")
                }
                constraints.append(ConstraintSpec(kind: kind, first: first, second: second))
            }
        }
        if reachesMinor1 { examples = string(command.examples) }
        return CommandSpec(
            name: name, summary: string(command.summary) ?? "", description: string(command.description),
            usage: string(command.usage), options: options, constraints: constraints, examples: examples)
    }

    private static func readOption(_ option: impt_option, command: String) throws(PluginRejection) -> OptionSpec {
        let name = try name(option.name, what: "option name in command \"\(command)\"")
        guard !StandardOptions.reservedNames.contains(name) else {
            throw PluginRejection("command \"\(command)\" declares --\(name), which impt provides itself")
        }
        guard let kind = OptionKind(rawValue: option.type) else {
            throw PluginRejection("option --\(name) of command \"\(command)\" has unknown type \(option.type)")
        }
        var alias: Character?
        if option.alias != 0 {
            let scalar = Unicode.Scalar(UInt8(bitPattern: option.alias))
            guard ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) else {
                throw PluginRejection("option --\(name) of command \"\(command)\" has an invalid alias")
            }
            alias = Character(scalar)
        }
        var choices: [String]?
        if var cursor = option.choices {
            var list: [String] = []
            while let choice = cursor.pointee, list.count < 1000 {
                list.append(String(cString: choice))
                cursor += 1
            }
            choices = list
        }
        let flags = option.flags
        return OptionSpec(
            name: name, alias: alias, kind: kind,
            required: flags & UInt32(IMPT_OPTION_REQUIRED) != 0,
            allowEmpty: flags & UInt32(IMPT_OPTION_ALLOW_EMPTY) != 0,
            projectDefault: flags & UInt32(IMPT_OPTION_PROJECT_DEFAULT) != 0,
            positive: flags & UInt32(IMPT_OPTION_POSITIVE) != 0,
            usageTrailing: flags & UInt32(IMPT_OPTION_USAGE_TRAILING) != 0,
            valueName: string(option.value_name), help: string(option.help) ?? "",
            choices: choices, defaultValue: string(option.default_value))
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// A short descriptive string of a descriptor (language, toolchain): printable, at most 100
    /// characters; nil when empty.
    static func label(_ pointer: UnsafePointer<CChar>?) -> String? {
        guard let text = string(pointer) else { return nil }
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(100)))
        return cleaned.isEmpty ? nil : cleaned
    }

    /// Group, command and option names: lower-case letters, digits and '-', starting with a letter.
    static func name(_ pointer: UnsafePointer<CChar>?, what: String) throws(PluginRejection) -> String {
        guard let text = string(pointer), isValidName(text) else {
            throw PluginRejection("declares an invalid \(what) \(string(pointer).map { "\"\($0)\"" } ?? "(none)")")
        }
        return text
    }

    public static func isValidName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.count <= 64 else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
