/// What a plugin file provides, as the plugin cache and the inspection report hold it: its group
/// name, summary and version, and the JSON text of everything the group declares (every command,
/// option, constraint and example), decoded only when a command line needs it, so that help,
/// usage errors and completion need no plugin to be opened and `impt --help` decodes no command.
public struct PluginInfo: Equatable, Sendable {
    public var group: String
    public var summary: String
    public var version: String
    /// "1.2": the ABI the plugin was written for.
    public var abi: String
    /// "Swift" for libraries that need the Swift runtime, "C" for the others (any native language).
    public var language: String
    public var toolchain: String?
    /// The group's declarations as compact JSON (`PluginDeclarations.encode(_:)` of a `GroupSpec`).
    var declarationsText: [UInt8]

    /// The group's declarations; nil when the stored text is damaged.
    public var declarations: GroupSpec? {
        guard let json = try? JSONParser.parse(bytes: declarationsText), let group = PluginDeclarations.decodeGroup(json),
            group.name == self.group
        else { return nil }
        return group
    }
}

/// The JSON forms of `PluginInfo` (without its declarations) and of the `GroupSpec` it declares.
public enum PluginDeclarations {
    /// The facts about the plugin, without its declarations.
    static func encodeSummary(_ info: PluginInfo) -> JSONObject {
        var object = JSONObject([
            ("group", .string(info.group)), ("summary", .string(info.summary)), ("version", .string(info.version)),
            ("abi", .string(info.abi)), ("language", .string(info.language)),
        ])
        if let toolchain = info.toolchain { object["toolchain"] = .string(toolchain) }
        return object
    }

    /// The facts of `encodeSummary` with the declarations' text; nil when anything is missing.
    static func decodeSummary(_ json: JSON, declarationsText: [UInt8]) -> PluginInfo? {
        guard let group = json["group"]?.stringValue, let summary = json["summary"]?.stringValue,
            let version = json["version"]?.stringValue, let abi = json["abi"]?.stringValue,
            let language = json["language"]?.stringValue
        else { return nil }
        return PluginInfo(
            group: group, summary: summary, version: version, abi: abi, language: language,
            toolchain: json["toolchain"]?.stringValue, declarationsText: declarationsText)
    }

    /// The report an inspection process writes about a plugin that can be used.
    static func report(_ plugin: LoadedPlugin) -> JSON {
        var object = JSONObject([
            ("version", .string(plugin.pluginVersion)), ("abi", .string("\(PluginLoader.hostABIMajor).\(plugin.abiMinor)")),
            ("declarations", encode(plugin.group)),
        ])
        if let language = plugin.language { object["language"] = .string(language) }
        if let toolchain = plugin.toolchain { object["toolchain"] = .string(toolchain) }
        return .object(object)
    }

    /// The `PluginInfo` of a report; nil when it is incomplete or its declarations do not decode.
    /// The descriptor's language and toolchain (1.3) win over what the ELF headers suggest.
    static func decodeReport(_ json: JSON, language: String, toolchain: String?) -> PluginInfo? {
        guard let version = json["version"]?.stringValue, let abi = json["abi"]?.stringValue,
            let declarations = json["declarations"], let group = decodeGroup(declarations)
        else { return nil }
        return PluginInfo(
            group: group.name, summary: group.summary, version: version, abi: abi,
            language: json["language"]?.stringValue ?? language, toolchain: json["toolchain"]?.stringValue ?? toolchain,
            declarationsText: Array(JSONWriter.write(declarations, pretty: false).utf8))
    }

    static func encode(_ group: GroupSpec) -> JSON {
        .object(JSONObject([
            ("name", .string(group.name)), ("summary", .string(group.summary)), ("description", .string(group.description)),
            ("commands", .array(group.commands.map(encode))),
        ]))
    }

    static func decodeGroup(_ json: JSON) -> GroupSpec? {
        guard let name = json["name"]?.stringValue, let summary = json["summary"]?.stringValue,
            let commands = json["commands"]?.arrayValue
        else { return nil }
        var decoded: [CommandSpec] = []
        for command in commands {
            guard let spec = decodeCommand(command) else { return nil }
            decoded.append(spec)
        }
        return GroupSpec(name: name, summary: summary, description: json["description"]?.stringValue, commands: decoded)
    }

    private static func encode(_ command: CommandSpec) -> JSON {
        var object = JSONObject([
            ("name", .string(command.name)), ("summary", .string(command.summary)),
            ("description", .string(command.description)),
        ])
        if let usage = command.usage { object["usage"] = .string(usage) }
        object["options"] = .array(command.options.map(encode))
        if !command.constraints.isEmpty {
            object["constraints"] = .array(command.constraints.map { constraint in
                .object(JSONObject([
                    ("kind", .int(Int64(constraint.kind.rawValue))), ("first", .string(constraint.first)),
                    ("second", .string(constraint.second)),
                ]))
            })
        }
        if let examples = command.examples { object["examples"] = .string(examples) }
        return .object(object)
    }

    private static func decodeCommand(_ json: JSON) -> CommandSpec? {
        guard let name = json["name"]?.stringValue, let summary = json["summary"]?.stringValue,
            let options = json["options"]?.arrayValue
        else { return nil }
        var decodedOptions: [OptionSpec] = []
        for option in options {
            guard let spec = decodeOption(option) else { return nil }
            decodedOptions.append(spec)
        }
        var constraints: [ConstraintSpec] = []
        for constraint in json["constraints"]?.arrayValue ?? [] {
            guard let raw = constraint["kind"]?.intValue, let kind = UInt32(exactly: raw).flatMap(ConstraintKind.init(rawValue:)),
                let first = constraint["first"]?.stringValue, let second = constraint["second"]?.stringValue
            else { return nil }
            constraints.append(ConstraintSpec(kind: kind, first: first, second: second))
        }
        return CommandSpec(
            name: name, summary: summary, description: json["description"]?.stringValue, usage: json["usage"]?.stringValue,
            options: decodedOptions, constraints: constraints, examples: json["examples"]?.stringValue)
    }

    private static func encode(_ option: OptionSpec) -> JSON {
        var object = JSONObject([("name", .string(option.name)), ("kind", .int(Int64(option.kind.rawValue)))])
        if let alias = option.alias { object["alias"] = .string(String(alias)) }
        var flags: [JSON] = []
        if option.required { flags.append("required") }
        if option.allowEmpty { flags.append("allow-empty") }
        if option.projectDefault { flags.append("project-default") }
        if option.positive { flags.append("positive") }
        if option.usageTrailing { flags.append("usage-trailing") }
        if !flags.isEmpty { object["flags"] = .array(flags) }
        if let valueName = option.valueName { object["value"] = .string(valueName) }
        object["help"] = .string(option.help)
        if let choices = option.choices { object["choices"] = .array(choices.map(JSON.string)) }
        if let defaultValue = option.defaultValue { object["default"] = .string(defaultValue) }
        return .object(object)
    }

    private static func decodeOption(_ json: JSON) -> OptionSpec? {
        guard let name = json["name"]?.stringValue, let raw = json["kind"]?.intValue,
            let kind = UInt32(exactly: raw).flatMap(OptionKind.init(rawValue:)), let help = json["help"]?.stringValue
        else { return nil }
        var alias: Character?
        if let text = json["alias"]?.stringValue {
            guard text.count == 1 else { return nil }
            alias = text.first
        }
        let flags = Set((json["flags"]?.arrayValue ?? []).compactMap(\.stringValue))
        var choices: [String]?
        if let list = json["choices"]?.arrayValue {
            choices = list.compactMap(\.stringValue)
            guard choices?.count == list.count else { return nil }
        }
        return OptionSpec(
            name: name, alias: alias, kind: kind, required: flags.contains("required"), allowEmpty: flags.contains("allow-empty"),
            projectDefault: flags.contains("project-default"), positive: flags.contains("positive"),
            usageTrailing: flags.contains("usage-trailing"),
            valueName: json["value"]?.stringValue, help: help, choices: choices, defaultValue: json["default"]?.stringValue)
    }
}
