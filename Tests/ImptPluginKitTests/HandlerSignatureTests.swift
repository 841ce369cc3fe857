import ImptPluginAPI
import ImptPluginKit
import Testing

/// The SDK compares each handler's C parameter list with the options of its command, and the
/// descriptor's `init` callback refuses the plugin with the first mismatch.
@Suite struct HandlerSignatureTests {
    static let options: [OptionDefinition] = [
        .string("name", "n", value: "name", help: "A name."),
        .flag("force", "f", help: "A flag."),
        .boolean("state", help: "A tri-state."),
        .integer("count", value: "n", help: "A number."),
        .list("tag", value: "tag", help: "Tags."),
    ]

    static func command(_ handler: Handler) -> CommandDefinition {
        CommandDefinition(name: "demo", summary: "Demo.", options: options, handler: handler)
    }

    static let matching: @convention(c) (CContext, CString, Bool, Int32, Int64, CStringList) -> Int32 = { _, _, _, _, _, _ in 0 }
    static let swapped: @convention(c) (CContext, CString, Int32, Bool, Int64, CStringList) -> Int32 = { _, _, _, _, _, _ in 0 }
    static let short: @convention(c) (CContext, CString, Bool, Int32) -> Int32 = { _, _, _, _ in 0 }
    static let long: @convention(c) (CContext, CString, Bool, Int32, Int64, CStringList, Double) -> Int32 = { _, _, _, _, _, _, _ in 0 }
    static let noContext: @convention(c) (CString, Bool, Int32, Int64, CStringList) -> Int32 = { _, _, _, _, _ in 0 }
    static let wrongResult: @convention(c) (CContext, CString, Bool, Int32, Int64, CStringList) -> Int64 = { _, _, _, _, _, _ in 0 }

    @Test func aMatchingHandlerPasses() {
        #expect(HandlerSignature.mismatch(in: Self.command(cHandler(Self.matching))) == nil)
    }

    @Test func everyKindOfMismatchIsNamed() {
        #expect(HandlerSignature.mismatch(in: Self.command(cHandler(Self.swapped)))
            == "command \"demo\": handler parameter 3 is Int32, but option --force needs Bool")
        #expect(HandlerSignature.mismatch(in: Self.command(cHandler(Self.short)))
            == "command \"demo\": the handler has no parameter for option --count (Int64 expected)")
        #expect(HandlerSignature.mismatch(in: Self.command(cHandler(Self.long)))
            == "command \"demo\": the handler has 6 option parameters but the command declares 5 options")
        #expect(HandlerSignature.mismatch(in: Self.command(cHandler(Self.noContext)))
            == "command \"demo\": the handler's first parameter must be the context (CContext)")
        #expect(HandlerSignature.mismatch(in: Self.command(cHandler(Self.wrongResult)))?.hasPrefix(
            "command \"demo\": the handler is not a @convention(c) function returning Int32") == true)
    }

    /// The descriptor of a plugin with a mismatch carries an `init` that refuses with the reason.
    @Test func initReportsTheMismatch() throws {
        let plugin = PluginDefinition(
            group: "demo", summary: "Demo.", version: "1.0",
            commands: [Self.command(cHandler(Self.matching)), CommandDefinition(
                name: "other", summary: "Other.", options: Self.options, handler: cHandler(Self.short))])
        let descriptor = plugin.descriptor(host: nil)
        let initialize = try #require(descriptor.pointee.`init`)
        var message = [CChar](repeating: 0, count: 256)
        let status = initialize(nil, &message, message.count)
        #expect(status == Int32(IMPT_ERR_INTERNAL.rawValue))
        #expect(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            == "command \"other\": the handler has no parameter for option --count (Int64 expected)")
    }
}
