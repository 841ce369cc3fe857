import ImptPluginAPI

/// "impt.prompt/1": questions to the user.
enum PromptService {
    private static let invalid = Int32(IMPT_ERR_INVALID_ARGUMENT.rawValue)

    nonisolated(unsafe) static let table = permanent(
        impt_prompt_v1(
            header: hostHeader(impt_prompt_v1.self),
            confirm: { ctx, message in
                guard let invocation = Invocation.from(ctx) else { return invalid }
                return invocation.status {
                    try Prompter.shared.confirm(message: message.map { String(cString: $0) }, console: invocation.console)
                }
            },
            input: { ctx, label, hidden, out in
                guard let invocation = Invocation.from(ctx), let label, let out else { return invalid }
                return invocation.status {
                    let answer = try Prompter.shared.input(label: String(cString: label), hidden: hidden, console: invocation.console)
                    out.pointee = CString.duplicate(answer)
                }
            },
            choose: { ctx, title, choices, count, out in
                guard let invocation = Invocation.from(ctx), let title, let choices, let out, count > 0 else { return invalid }
                let list = (0..<count).map { choices[$0].map { String(cString: $0) } ?? "" }
                return invocation.status {
                    out.pointee = try Prompter.shared.choose(title: String(cString: title), choices: list, console: invocation.console)
                }
            },
            wait_enter: { ctx, message in
                guard let invocation = Invocation.from(ctx), let message else { return invalid }
                return invocation.status {
                    try Prompter.shared.waitEnter(message: String(cString: message), console: invocation.console)
                }
            }
        ))
}
