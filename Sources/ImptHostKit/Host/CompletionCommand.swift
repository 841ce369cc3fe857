/// `impt completion bash|zsh|fish`: prints a shell completion script. The script asks impt itself
/// (`impt __complete <words>`, see `Completer`), which answers from the plugin cache, so a group
/// completes as soon as its plugin is installed and no plugin is opened while completing.
enum CompletionCommand: HostCommand {
    static let group = GroupSpec(
        name: "completion",
        summary: "Prints a shell completion script for impt (built into impt).",
        description: "Prints a script that completes impt's groups, commands, options and option values in a shell. "
            + "Load it from the shell's start-up file, for example: source <(impt completion bash).",
        commands: [
            CommandSpec(name: "bash", summary: "Prints the completion script for bash.", options: []),
            CommandSpec(name: "zsh", summary: "Prints the completion script for zsh (load compinit first).", options: []),
            CommandSpec(name: "fish", summary: "Prints the completion script for fish.", options: []),
        ])

    static func run(_ command: CommandSpec, _ parsed: ParsedArguments, in context: HostCommandContext) -> Int32 {
        context.console.write(script(for: command.name))
        return 0
    }

    /// The script; each calls the impt the user typed (the first word of the command line).
    static func script(for shell: String) -> String {
        switch shell {
        case "bash":
            return """
                # bash completion for impt: source <(impt completion bash)
                _impt_complete() {
                    local IFS=$'\\n' program="${COMP_WORDS[0]/#\\~/$HOME}"
                    COMPREPLY=($("$program" \(Completer.mode) "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
                }
                complete -o default -F _impt_complete impt

                """
        case "zsh":
            return """
                # zsh completion for impt: source <(impt completion zsh), after compinit
                _impt_complete() {
                    local program=${words[1]/#\\~/$HOME}
                    local -a candidates
                    candidates=(${(f)"$("$program" \(Completer.mode) "${(@)words[2,CURRENT]}" 2>/dev/null)"})
                    if (( ${#candidates} )); then
                        compadd -Q -- "${(@)candidates}"
                    else
                        _files
                    fi
                }
                compdef _impt_complete impt

                """
        default:
            return """
                # fish completion for impt: impt completion fish | source
                function __impt_complete
                    set -l words (commandline -opc)
                    set -l current (commandline -ct)
                    set -l program $words[1]
                    set -e words[1]
                    $program \(Completer.mode) $words "$current" 2>/dev/null
                end
                complete -c impt -f -a '(__impt_complete)'

                """
        }
    }
}
