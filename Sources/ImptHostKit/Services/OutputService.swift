import ImptPluginAPI

/// "impt.output/1", "/2" and "/3": results and messages, rendered by the host in the
/// invocation's mode. /2 shares every /1 function and adds flush, the progress line and result
/// items; /3 adds standard error.
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

    nonisolated(unsafe) static let table2: UnsafeMutablePointer<impt_output_v2> = {
        let v1 = table.pointee
        return permanent(
            impt_output_v2(
                header: hostHeader(impt_output_v2.self), mode: v1.mode, info: v1.info, result: v1.result,
                info_result: v1.info_result, error_line: v1.error_line, status_line: v1.status_line,
                flush: { ctx in with(ctx) { invocation in invocation.console.flush() } },
                progress: { ctx, text in
                    with(ctx) { invocation in
                        if let text {
                            invocation.console.progress.show(String(cString: text))
                        } else {
                            invocation.console.progress.clear()
                        }
                    }
                },
                result_item: { ctx, value in
                    with(ctx) { invocation in invocation.console.resultItem(invocation.values.value(value) ?? .null) }
                }))
    }()

    nonisolated(unsafe) static let table3: UnsafeMutablePointer<impt_output_v3> = {
        let v2 = table2.pointee
        return permanent(
            impt_output_v3(
                header: hostHeader(impt_output_v3.self), mode: v2.mode, info: v2.info, result: v2.result,
                info_result: v2.info_result, error_line: v2.error_line, status_line: v2.status_line, flush: v2.flush,
                progress: v2.progress, result_item: v2.result_item,
                error_text: { ctx, text in
                    with(ctx) { invocation in
                        guard let text else { return }
                        invocation.console.flush()
                        StandardStreams.warnText(VisibleText.escaped(String(cString: text), keepingLineFeeds: true))
                    }
                }))
    }()
}
