import ImptPluginAPI

/// "impt.output/1": results and messages, rendered by the host in the invocation's mode.
enum OutputService {
    private static func with(_ ctx: OpaquePointer?, _ body: (Invocation) -> Void) {
        if let invocation = Invocation.from(ctx) { body(invocation) }
    }

    nonisolated(unsafe) static let table = permanent(
        impt_output_v1(
            header: hostHeader(impt_output_v1.self),
            mode: { ctx in Invocation.from(ctx)?.console.mode.rawValue ?? 0 },
            info: { ctx, text in
                with(ctx) { invocation in
                    if let text { invocation.console.info(String(cString: text)) }
                }
            },
            result: { ctx, value in
                with(ctx) { invocation in invocation.console.result(invocation.values.value(value) ?? .null) }
            },
            info_result: { ctx, value in
                with(ctx) { invocation in invocation.console.infoResult(invocation.values.value(value) ?? .null) }
            },
            error_line: { ctx, text in
                with(ctx) { invocation in
                    if let text { invocation.console.error(String(cString: text)) }
                }
            },
            status_line: { ctx, success in
                with(ctx) { invocation in
                    invocation.console.status(success: success)
                    invocation.console.flush()
                }
            }
        ))
}
