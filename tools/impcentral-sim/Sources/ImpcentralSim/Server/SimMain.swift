import Dispatch
import Foundation
import Logging

/// The `impcentral-sim` program: option parsing, start-up, signals and exit codes.
public enum SimMain {
    private static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("impcentral-sim: \(message)\n".utf8))
        exit(code)
    }

    /// Runs the simulator until SIGINT/SIGTERM; never returns.
    public static func run(arguments: [String]) -> Never {
        let options: SimOptions
        do {
            options = try SimOptions.parse(arguments)
        } catch {
            fail("\(error)", code: 2)
        }
        if options.help {
            FileHandle.standardOutput.write(Data((SimOptions.helpText + "\n").utf8))
            exit(0)
        }
        // A reader that closes our stdout or stderr must not kill the server.
        signal(SIGPIPE, SIG_IGN)
        // Keep stdout for the base URL only: library log lines go to stderr.
        LoggingSystem.bootstrap(StreamLogHandler.standardError)

        let server: SimServer
        do {
            server = try SimServer(options: options)
        } catch let error as Seeder.SeedError {
            fail(error.message, code: 2)
        } catch {
            fail("cannot open the data directory \(options.dataDirectory): \(error)", code: 1)
        }

        installSignalHandlers(server)

        Task { @Sendable in
            do {
                let base = try await server.start()
                // The first line on stdout is the base URL, written at once (stdout may be a pipe).
                FileHandle.standardOutput.write(Data((base + "\n").utf8))
                let console = String(base.dropLast(3))
                if !options.hostIsLoopback {
                    FileHandle.standardError.write(Data((
                        "impcentral-sim: listening on \(options.host), not loopback: the console (\(console)) and the "
                        + "/_sim/ admin endpoints require a login (console session or bearer token)\n").utf8))
                }
                if options.verbose {
                    FileHandle.standardError.write(
                        Data("impcentral-sim: serving \(base), console at \(console), data in \(options.dataDirectory)\n".utf8))
                }
                await server.wait()
                await server.shutdown()
                exit(0)
            } catch {
                fail("\(error)", code: 1)
            }
        }
        dispatchMain()
    }

    nonisolated(unsafe) private static var signalSources: [any DispatchSourceSignal] = []

    /// SIGINT / SIGTERM: close streams, stop devices and webhooks, close the database, exit 0.
    private static func installSignalHandlers(_ server: SimServer) {
        let queue = DispatchQueue(label: "impcentral-sim.signals")
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { @Sendable in
                Task { @Sendable in
                    await server.shutdown()
                    exit(0)
                }
            }
            source.resume()
            signalSources.append(source)
        }
    }
}
