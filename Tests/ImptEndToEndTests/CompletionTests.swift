import Foundation
import Testing

/// `impt completion bash` loaded into a real bash, whose completion function is called the way
/// bash calls it on Tab: with COMP_WORDS and COMP_CWORD set, reading COMPREPLY.
@Suite(.ownThreads) struct CompletionTests {
    /// The candidates bash would offer for the last word of `words` (after `impt`).
    func complete(_ sandbox: Sandbox, _ words: [String]) throws -> [String] {
        let script = sandbox.root.appendingPathComponent("completion.bash")
        if !FileManager.default.fileExists(atPath: script.path) {
            let printed = try sandbox.impt("completion", "bash")
            #expect(printed.status == 0 && printed.stderr.isEmpty)
            try Data(printed.stdout.utf8).write(to: script)
        }
        let quoted = ([sandbox.executable] + words).map { "'\($0)'" }.joined(separator: " ")
        let program = """
            source '\(script.path)' || exit 9
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count)
            _impt_complete
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let run = try runProgram("/bin/bash", ["--norc", "--noprofile", "-c", program], environment: sandbox.environment,
                                 directory: sandbox.work)
        #expect(run.status == 0, "\(run)")
        return run.lines.filter { !$0.isEmpty }
    }

    /// The host's own commands take --help and --output like every other; a script is the same
    /// text in every output mode (it is meant to be sourced).
    @Test(arguments: ["bash", "zsh", "fish"])
    func scriptsIgnoreTheOutputModeAndExplainThemselves(shell: String) throws {
        let sandbox = try Sandbox(plugins: ["auth"])
        let plain = try sandbox.impt("completion", shell)
        #expect(plain.status == 0 && plain.stdout.contains("impt"), "\(plain)")
        for mode in ["minimal", "json", "debug"] {
            #expect(try sandbox.impt("completion", shell, "--output", mode).stdout == plain.stdout, "\(mode)")
        }
        let help = try sandbox.impt("completion", shell, "--help")
        #expect(help.status == 0 && help.lines[1] == "Usage: impt completion \(shell) [--output <mode>] [--help]", "\(help)")
        let plugins = try sandbox.impt("plugins", "list", "--help")
        #expect(plugins.status == 0 && plugins.lines[1] == "Usage: impt plugins list [--output <mode>] [--help]", "\(plugins)")
    }

    @Test func groupsCommandsAndOptions() throws {
        let sandbox = try Sandbox(plugins: ["auth", "product"])
        #expect(try complete(sandbox, [""]) == ["auth", "completion", "plugins", "product"])
        #expect(try complete(sandbox, ["pro"]) == ["product"])
        #expect(try complete(sandbox, ["--h"]) == ["--help"])
        #expect(try complete(sandbox, ["product", ""]) == ["create", "list", "info", "update", "delete"])
        #expect(try complete(sandbox, ["completion", ""]) == ["bash", "zsh", "fish"])
        #expect(try complete(sandbox, ["product", "create", "--"]) == ["--name", "--descr", "--owner", "--output", "--help"])
        #expect(try complete(sandbox, ["product", "create", "--name", "x", "--"]) == ["--descr", "--owner", "--output", "--help"])
        #expect(try complete(sandbox, ["product", "create", "-"]).contains("-n"))
        #expect(try complete(sandbox, ["product", "list", "-z", ""]) == ["minimal", "json", "debug"])
        #expect(try complete(sandbox, ["product", "list", "--output", "j"]) == ["json"])
        #expect(try complete(sandbox, ["product", "list", "--output", "=", "m"]) == ["minimal"], "bash splits --output=m at the =")
        #expect(try complete(sandbox, ["nothing", ""]) == [])
    }

    /// A third-party group completes as soon as its file is installed.
    @Test func thirdPartyGroupsComplete() throws {
        let sandbox = try Sandbox()
        #expect(try complete(sandbox, ["ex"]) == [])
        try sandbox.compile(Build.packageRoot.appendingPathComponent("tools/examples/c-plugin/example_plugin.c"), as: "libimpt-example.so")
        #expect(try complete(sandbox, ["ex"]) == ["example"])
        #expect(try complete(sandbox, ["example", "echo", "--cho"]) == ["--choice"])
        #expect(try complete(sandbox, ["example", "echo", "-k", ""]) == ["red", "green", "blue"])
        #expect(try complete(sandbox, ["example", "echo", "--state", ""]) == ["true", "false"])
        // A repeatable option is offered again; the others are not.
        #expect(try complete(sandbox, ["example", "echo", "--tag", "a", "--text", "b", "--t"]) == ["--tag"])
    }

    @Test func scriptsForZshAndFish() throws {
        let sandbox = try Sandbox()
        let zsh = try sandbox.impt("completion", "zsh")
        #expect(zsh.status == 0 && zsh.stdout.hasSuffix("compdef _impt_complete impt\n"))
        #expect(zsh.stdout.contains(" __complete \"${(@)words[2,CURRENT]}\""))
        let fish = try sandbox.impt("completion", "fish")
        #expect(fish.status == 0 && fish.stdout.hasSuffix("complete -c impt -f -a '(__impt_complete)'\n"))
        let unknown = try sandbox.impt("completion", "tcsh")
        #expect(unknown.status == 1)
        #expect(unknown.stdout.hasSuffix("Error: Unknown argument: tcsh\nIMPT COMMAND FAILS\n"))
    }
}
