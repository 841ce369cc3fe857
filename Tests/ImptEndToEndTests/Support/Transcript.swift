import Foundation
import Testing

/// Replaces what differs from one run to the next (entity ids, shas, times, device ids, MAC
/// addresses, agent ids) with numbered placeholders. Each distinct value gets the number of its
/// first appearance, so two transcripts compare equal when they print the same lines and the same
/// value wherever the other prints one value: a Device Group id in a later message must be the id
/// the create step printed.
final class Anonymizer {
    private var names: [String: String] = [:]
    private var counts: [String: Int] = [:]

    private static let patterns: [(kind: String, regex: NSRegularExpression)] = [
        ("id", #"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#),
        ("sha", #"\b[0-9a-f]{64}\b"#),
        ("time", #"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"#),
        ("device", #"\b[0-9a-f]{16}\b"#),
        ("mac", #"\b[0-9a-f]{2}(?::[0-9a-f]{2}){5}\b"#),
        ("agent", #"(?<=agent_id: {1,20})[A-Za-z0-9_-]{12}(?![A-Za-z0-9_-])"#),
    ].map { ($0.0, try! NSRegularExpression(pattern: $0.1)) }

    /// The text with its values replaced and each line's trailing spaces dropped (the guides do
    /// not show the space after `Device:`; the renderer's spacing has tests of its own).
    func apply(_ text: String) -> String {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
            .joined(separator: "\n")
        for (kind, regex) in Self.patterns {
            let source = result as NSString
            var pieces: [String] = []
            var last = 0
            for match in regex.matches(in: result, range: NSRange(location: 0, length: source.length)) {
                pieces.append(source.substring(with: NSRange(location: last, length: match.range.location - last)))
                pieces.append(placeholder(kind, source.substring(with: match.range)))
                last = match.range.location + match.range.length
            }
            pieces.append(source.substring(from: last))
            result = pieces.joined()
        }
        return result
    }

    private func placeholder(_ kind: String, _ value: String) -> String {
        // Times are not identities: every one is the same placeholder.
        if kind == "time" { return "<time>" }
        let key = kind + ":" + value
        if let name = names[key] { return name }
        counts[kind, default: 0] += 1
        let name = "<\(kind)\(counts[kind]!)>"
        names[key] = name
        return name
    }
}

/// Splits a command line written as in the guides (`impt build update --descr "My RC 1"`) into
/// arguments: words separated by spaces, double quotes grouping words.
func commandWords(_ line: String) -> [String] {
    var words: [String] = []
    var current = ""
    var quoted = false
    var started = false
    for character in line {
        if character == "\"" {
            quoted.toggle()
            started = true
        } else if character == " " && !quoted {
            if started { words.append(current) }
            current = ""
            started = false
        } else {
            current.append(character)
            started = true
        }
    }
    if started { words.append(current) }
    return words
}

/// A guide's walkthrough run command by command in a sandbox against one simulator, comparing
/// each command's output with the guide's (anonymized on both sides, see `Anonymizer`).
final class Walkthrough {
    let sandbox: Sandbox
    let sim: Simulator
    private(set) var directory: URL
    private let actual = Anonymizer()
    private let expected = Anonymizer()

    init(_ flags: [String] = ["--demo"]) throws {
        sandbox = try Sandbox()
        sim = try Simulator(flags)
        directory = sandbox.work
    }

    /// `mkdir <name>` in the current directory.
    func mkdir(_ name: String) throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(name), withIntermediateDirectories: true)
    }

    /// `cd <path>` relative to the current directory (`..` goes up).
    func cd(_ path: String) {
        for part in path.split(separator: "/") {
            directory = part == ".." ? directory.deletingLastPathComponent() : directory.appendingPathComponent(String(part))
        }
    }

    /// Writes a file of the current directory (the user editing source code).
    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path)
    }

    /// Runs `impt ...` (the line as the guide prints it, without `> impt`) with `input` on standard
    /// input, and expects exactly `output` (anonymized) and the exit status.
    @discardableResult
    func step(
        _ line: String, input: String? = nil, status: Int32 = 0, _ output: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Run {
        let run = try sandbox.impt(commandWords(line), stdin: input, in: directory)
        let got = actual.apply(run.stdout)
        let wanted = expected.apply(output)
        #expect(got == wanted, "impt \(line)\n\(run)", sourceLocation: sourceLocation)
        #expect(run.status == status, "impt \(line)\n\(run)", sourceLocation: sourceLocation)
        return run
    }

    /// Runs a command that streams logs until `until` holds for its printed lines, then presses
    /// Ctrl-C, and expects exactly `output` (anonymized) and exit status 0. The `[status]` lines a
    /// simulated device logs as it boots are left out: whether they come before or after the
    /// stream subscribes the device is a race.
    @discardableResult
    func stream(
        _ line: String, until: @escaping ([String]) -> Bool, _ output: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Run {
        let background = try BackgroundRun(sandbox, commandWords(line), in: directory)
        #expect(background.wait(until: until), "impt \(line)\n\(background.stdout)", sourceLocation: sourceLocation)
        let run = background.interrupt()
        let shown = run.lines.filter { !$0.contains(" [status] ") }.map { $0 + "\n" }.joined()
        #expect(actual.apply(shown) == expected.apply(output), "impt \(line)\n\(run)", sourceLocation: sourceLocation)
        #expect(run.status == 0, "impt \(line)\n\(run)", sourceLocation: sourceLocation)
        return run
    }

    /// The account's devices replaced by the guide's: the demo devices are removed and `devices`
    /// (name, id, MAC address) added in their place, as if BlinkUp'd with the mobile app.
    func replaceDevices(_ devices: [(name: String?, id: String, mac: String)]) throws {
        let scenario = try Scenario(sim)
        for device in try scenario.devices() {
            _ = try sim.call("DELETE", "/devices/\(device["id"] as! String)", token: scenario.token)
        }
        for device in devices { try addDevice(device) }
    }

    /// A device added to the demo account (the mobile app's BlinkUp), online and unassigned.
    func addDevice(_ device: (name: String?, id: String, mac: String)) throws {
        var body: [String: Any] = ["account": "demo", "id": device.id, "mac_address": device.mac]
        if let name = device.name { body["name"] = name }
        try simulator("POST", "/_sim/devices", body: body)
    }

    /// A request to the simulator's API or admin endpoints, standing in for what happens outside
    /// impt (a device BlinkUp'd with the mobile app, a fixture blessing a device).
    @discardableResult
    func simulator(_ method: String, _ path: String, body: Any? = nil) throws -> Any? {
        let reply = try sim.call(method, path, body: body)
        guard (200..<300).contains(reply.status) else { throw ProcessError(description: "\(method) \(path): \(reply)") }
        return reply.json
    }
}
