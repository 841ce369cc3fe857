import Foundation
import Testing

/// Handlers receive every option type exactly, through libffi, and failures are reported.
@Suite(.inProcess) struct InvocationTests {
    func decode(_ run: Run) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run)")
    }

    @Test func everyTypeRoundTrips() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libfixture.so")
        let run = try sandbox.impt(
            "fixture", "types", "--text", "héllo \"quoted\" wörld", "--flag", "--state", "false", "--number", "-9223372036854775807",
            "-i", "first", "-i", "", "--item=third", "-r", "-2.5e-300", "-z", "json")
        let values = try decode(run)
        #expect(values["text"] as? String == "héllo \"quoted\" wörld")
        #expect(values["flag"] as? Bool == true)
        #expect((values["state"] as? NSNumber)?.intValue == 0)
        #expect((values["number"] as? NSNumber)?.int64Value == -9223372036854775807)
        #expect(values["list"] as? [String] == ["first", "", "third"])
        #expect((values["real"] as? NSNumber)?.doubleValue == -2.5e-300)
    }

    @Test func absentOptionsAndEmptyStrings() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libfixture.so")
        let absent = try decode(try sandbox.impt("fixture", "types", "-z", "json"))
        #expect(absent["text"] as? String == "")  // JSON null is printed as "" in json mode
        #expect(absent["flag"] as? Bool == false)
        #expect((absent["state"] as? NSNumber)?.intValue == -1)
        #expect(absent["number_unset"] as? Bool == true)
        #expect(absent["list"] as? String == "")  // an empty array is printed as "" too
        #expect(absent["real"] as? String == "NaN")
        let empty = try sandbox.impt("fixture", "types", "--text", "", "--state", "-n", "9223372036854775807")
        #expect(empty.stdout.contains("text:         \n"), "\(empty)")
        #expect(empty.stdout.contains("state:        1\n"))
        #expect(empty.stdout.contains("number:       9223372036854775807\n"))
    }

    @Test func argumentsBeyondTheRegistersArriveIntact() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libfixture.so")
        var arguments = ["fixture", "wide", "-z", "json"]
        let ints: [Int64] = [1, -2, 3, -4, 5, -6, 7, Int64.max, Int64.min + 1]
        let reals: [Double] = [1.5, -2.25, 3e10, -4e-10, 5.5, 0.1, 7.75, -8.125, 1e300]
        for i in 0..<9 { arguments += ["--i\(i + 1)", String(ints[i]), "--d\(i + 1)", String(reals[i])] }
        arguments += ["--last", "the end"]
        let values = try decode(try sandbox.impt(arguments))
        #expect((values["ints"] as? [NSNumber])?.map(\.int64Value) == ints)
        #expect((values["reals"] as? [NSNumber])?.map(\.doubleValue) == reals)
        #expect(values["last"] as? String == "the end")
    }

    @Test func failuresAreReportedWithTheStatusLine() throws {
        let sandbox = try Sandbox()
        try sandbox.compile(as: "libfixture.so")
        let failed = try sandbox.impt("fixture", "fail")
        #expect(failed.status == 1)
        #expect(failed.stdout == "About to fail.\nError: Fixture failure.\nIMPT COMMAND FAILS\n")
        let minimal = try sandbox.impt("fixture", "fail", "-z", "minimal")
        #expect(minimal.stdout == "Error: Fixture failure.\n")
        let json = try sandbox.impt("fixture", "fail", "-z", "json")
        #expect(json.stdout == "{\n  \"Error\": \"Fixture failure.\"\n}\n")
        let usage = try sandbox.impt("fixture", "fail", "--how", "usage", "-z", "json")
        #expect(usage.stdout.hasPrefix("\nUsage: impt fixture fail "))
        #expect(usage.stdout.hasSuffix("Error: Options do not fit together.\nIMPT COMMAND FAILS\n"))
        let silent = try sandbox.impt(["fixture", "fail", "--how", "silent"], environment: ["IMPT_DETAILED_EXIT_CODES": "1"])
        #expect(silent.status == 4)
        #expect(silent.stdout.contains("Error: Internal error: the command failed without saying why (status 4)."))
        let okStatus = try sandbox.impt("fixture", "fail", "--how", "ok-status")
        #expect(okStatus.status == 1)
        #expect(okStatus.stdout == "Error: Failed with a success status.\nIMPT COMMAND FAILS\n")
        let cancelled = try sandbox.impt("fixture", "fail", "--how", "cancel")
        #expect(cancelled.stdout == "Operation is canceled.\nIMPT COMMAND FAILS\n")
        #expect(try sandbox.impt("fixture", "fail", "--how", "cancel", "-z", "json").stdout == "{}\n")
    }
}
