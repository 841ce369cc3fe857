import Testing

@testable import ImptHostKit

/// A command with every option type, shaped like the original's commands.
let sampleCommand = CommandSpec(
    name: "sample", summary: "A sample.",
    options: [
        OptionSpec(name: "dg", alias: "g", kind: .string, valueName: "DEVICE_GROUP_IDENTIFIER", help: "A group."),
        OptionSpec(name: "descr", alias: "s", kind: .string, allowEmpty: true, valueName: "description", help: "Text."),
        OptionSpec(name: "force", alias: "f", kind: .flag, help: "Force."),
        OptionSpec(name: "flagged", alias: "l", kind: .bool, help: "Flagged."),
        OptionSpec(name: "page-size", alias: "p", kind: .int, positive: true, valueName: "number_of_entries", help: "Size.", defaultValue: "20"),
        OptionSpec(name: "offset", alias: "o", kind: .int, valueName: "n", help: "Any integer."),
        OptionSpec(name: "tag", alias: "t", kind: .stringList, valueName: "tag", help: "Tag."),
        OptionSpec(name: "ratio", alias: "r", kind: .number, valueName: "x", help: "Ratio."),
        OptionSpec(name: "event", alias: "e", kind: .string, valueName: "triggered_event", help: "Event.", choices: ["blessing", "blinkup", "deployment"]),
    ])

let requiredCommand = CommandSpec(
    name: "req", summary: "Required options.",
    options: [
        OptionSpec(name: "name", alias: "n", kind: .string, required: true, valueName: "name", help: "Name."),
        OptionSpec(name: "url", alias: "u", kind: .string, required: true, valueName: "url", help: "URL."),
        OptionSpec(name: "user", kind: .string, valueName: "u", help: "User."),
        OptionSpec(name: "lk", kind: .string, valueName: "k", help: "Key."),
        OptionSpec(name: "pwd", kind: .string, allowEmpty: true, valueName: "p", help: "Password."),
    ],
    constraints: [
        ConstraintSpec(kind: .exclusive, first: "user", second: "lk"),
        ConstraintSpec(kind: .requires, first: "pwd", second: "user"),
    ])

private func parse(_ words: [String], _ command: CommandSpec = sampleCommand) throws(UsageError) -> ParsedArguments {
    try ArgumentParser(command: command).parse(words)
}

private func errorText(_ words: [String], _ command: CommandSpec = sampleCommand) -> String? {
    do {
        _ = try parse(words, command)
        return nil
    } catch {
        return error.message
    }
}

@Suite struct ArgumentParserTests {
    @Test func absentOptionsGetTheirNeutralValues() throws {
        let parsed = try parse([])
        #expect(parsed.values == [.string(nil), .string(nil), .flag(false), .bool(-1), .int(20), .int(nil), .list([]), .number(nil), .string(nil)])
        #expect(parsed.outputMode == .standard)
        #expect(parsed.given.isEmpty)
    }

    @Test func everyTypeAndSpellingIsParsed() throws {
        let parsed = try parse([
            "--dg", "My DG", "-s", "", "--force", "--flagged", "false", "--page-size=5", "-o", "-42",
            "--tag", "a", "-t", "", "--tag=c", "-r", "-1.25", "-e", "blinkup", "-z", "json",
        ])
        #expect(parsed.values == [
            .string("My DG"), .string(""), .flag(true), .bool(0), .int(5), .int(-42), .list(["a", "", "c"]),
            .number(-1.25), .string("blinkup"),
        ])
        #expect(parsed.outputMode == .json)
        #expect(parsed.given == ["dg", "descr", "force", "flagged", "page-size", "offset", "tag", "ratio", "event", "output"])
    }

    @Test func flagsSwallowAFollowingTrue() throws {
        let parsed = try parse(["--force", "true", "--flagged"])
        #expect(parsed.values[2] == .flag(true))
        #expect(parsed.values[3] == .bool(1))
    }

    @Test func largeIntegersRoundTrip() throws {
        #expect(try parse(["--offset", "9223372036854775807"]).values[5] == .int(Int64.max))
        #expect(try parse(["--offset", "-9223372036854775807"]).values[5] == .int(Int64.min + 1))
        #expect(try parse(["--offset", "1e3"]).values[5] == .int(1000))
    }

    @Test(arguments: [
        (["--dg"], "Not enough arguments following: dg"),
        (["-g", "--force"], "Not enough arguments following: g"),
        (["--dg", ""], "Option \"--dg\" must not be empty."),
        (["--dg", "a", "--dg", "b"], "Option \"--dg\" must not be specified multiple times."),
        (["--force", "--force"], "Option \"--force\" must not be specified multiple times."),
        (["--force", "false"], "Option \"--force\" has incorrect value \"false\"."),
        (["--force=yes"], "Option \"--force\" has incorrect value \"yes\"."),
        (["--no-force"], "Option \"--force\" has incorrect value \"false\"."),
        (["--flagged=maybe"], "Option \"--flagged\" has incorrect value \"maybe\"."),
        (["--page-size", "abc"], "Option \"--page-size\" must be a number."),
        (["--page-size", "0"], "Option \"--page-size\" must have a positive integer value."),
        (["--page-size", "-3"], "Option \"--page-size\" must have a positive integer value."),
        (["--page-size", "2.5"], "Option \"--page-size\" must have a positive integer value."),
        (["--offset", "-9223372036854775808"], "Option \"--offset\" is out of range."),
        (["--ratio", "x"], "Option \"--ratio\" must be a number."),
        (["--bogus"], "Unknown argument: bogus"),
        (["--bogus", "value", "-x"], "Unknown arguments: bogus, x"),
        (["-fg"], "Unknown argument: fg"),
        (["extra", "words"], "Unknown arguments: extra, words."),
        (["-e", "nope"], "Invalid values:\n  Argument: event, Given: \"nope\", Choices: \"blessing\", \"blinkup\", \"deployment\""),
        (["-z", "xml"], "Invalid values:\n  Argument: output, Given: \"xml\", Choices: \"minimal\", \"json\", \"debug\""),
    ])
    func errorsUseTheOriginalTexts(words: [String], message: String) {
        #expect(errorText(words) == message)
    }

    @Test func requiredOptionsAndConstraints() {
        #expect(errorText([], requiredCommand) == "Missing required arguments: name, url")
        #expect(errorText(["-n", "x"], requiredCommand) == "Missing required argument: url")
        #expect(errorText(["-n", "x", "-u", "y", "--user", "a", "--lk", "b"], requiredCommand)
            == "Options \"--user\" and \"--lk\" are mutually exclusive.")
        #expect(errorText(["-n", "x", "-u", "y", "--pwd", ""], requiredCommand)
            == "Options \"--pwd\" and \"--user\" must be specified together.")
        #expect(errorText(["-n", "x", "-u", "y", "--user", "a"], requiredCommand) == nil)
    }

    @Test func checksRunInTheOriginalOrder() {
        // A missing value beats a missing required option, which beats an unknown option, ...
        #expect(errorText(["--name"], requiredCommand) == "Not enough arguments following: name")
        #expect(errorText(["--bogus"], requiredCommand) == "Missing required arguments: name, url")
        #expect(errorText(["-n", "a", "-u", "b", "--bogus", "--user", "u", "--lk", "k"], requiredCommand) == "Unknown argument: bogus")
        // ... and choices come last.
        #expect(errorText(["-e", "nope", "extra"]) == "Unknown arguments: extra.")
    }

    @Test func helpWinsEverywhere() {
        #expect(ArgumentParser.wantsHelp(["--bogus", "-h"]))
        #expect(ArgumentParser.wantsHelp(["--help"]))
        #expect(!ArgumentParser.wantsHelp(["--dg", "x"]))
    }

    @Test func negativeNumbersAreValuesNotOptions() throws {
        #expect(ArgumentParser.looksLikeOption("-x"))
        #expect(!ArgumentParser.looksLikeOption("-5"))
        #expect(!ArgumentParser.looksLikeOption("-"))
        #expect(try parse(["--dg", "-5"]).values[0] == .string("-5"))
        #expect(try parse(["--dg=-x"]).values[0] == .string("-x"))
    }
}

/// How a default value interacts with constraints, choices and checks (documented in the plugin
/// author's guide, "Defaults, constraints and choices").
@Suite struct DefaultValueTests {
    let command = CommandSpec(
        name: "defaults", summary: "Defaults.",
        options: [
            OptionSpec(name: "mode", kind: .string, valueName: "m", help: "Mode.", choices: ["a", "b"], defaultValue: "zzz"),
            OptionSpec(name: "other", kind: .string, valueName: "o", help: "Other.", defaultValue: "x"),
            OptionSpec(name: "needs", kind: .string, valueName: "n", help: "Needs other."),
            OptionSpec(name: "blank", kind: .string, valueName: "b", help: "Blank default.", defaultValue: ""),
            OptionSpec(name: "quiet", kind: .flag, help: "Flag.", defaultValue: "true"),
            OptionSpec(name: "tag", kind: .stringList, valueName: "t", help: "Tags.", defaultValue: "t"),
            OptionSpec(name: "on", kind: .bool, help: "Bool.", defaultValue: "false"),
        ],
        constraints: [
            ConstraintSpec(kind: .exclusive, first: "mode", second: "other"),
            ConstraintSpec(kind: .requires, first: "needs", second: "other"),
        ])

    @Test func defaultsAreUncheckedAndNeverCountAsGiven() throws {
        let parser = ArgumentParser(command: command)
        // Both exclusive options have defaults; neither is given, so no conflict; the default
        // outside the choices and the empty default reach the handler.
        let parsed = try parser.parse([])
        #expect(parsed.values == [.string("zzz"), .string("x"), .string(nil), .string(""), .flag(false), .list([]), .bool(0)])
        #expect(parsed.given.isEmpty)
        #expect(throws: UsageError("Options \"--needs\" and \"--other\" must be specified together.")) {
            try parser.parse(["--needs", "n"])
        }
        #expect(try parser.parse(["--mode", "a"]).values.first == .string("a"))
        #expect(throws: UsageError("Options \"--mode\" and \"--other\" are mutually exclusive.")) {
            try parser.parse(["--mode", "a", "--other", "y"])
        }
    }

    @Test func anIntegerDefaultIsConverted() throws {
        let bad = CommandSpec(name: "bad", summary: "Bad default.", options: [
            OptionSpec(name: "count", kind: .int, positive: true, valueName: "n", help: "Count.", defaultValue: "0"),
        ])
        #expect(throws: UsageError("Option \"--count\" must have a positive integer value.")) {
            try ArgumentParser(command: bad).parse([])
        }
    }
}
