import ImptPluginAPI
import ImptPluginKit

/// The Devices a command was given: its `--device` values, with `-` standing for the identifiers
/// read from standard input.
struct DeviceSelection {
    /// The identifiers in the order given.
    let identifiers: [String]
    /// Several Devices, or identifiers read from standard input: each Device gets its own result.
    /// Otherwise the command behaves exactly as the original single-Device command.
    let isFleet: Bool

    /// The most identifiers one command accepts.
    static let maxIdentifiers = 10_000
    /// The most bytes read from standard input.
    static let maxInputBytes = 8 * 1024 * 1024

    static func parse(_ values: [String], context: Context) throws(PluginFailure) -> DeviceSelection {
        var identifiers: [String] = []
        var readInput = false
        for value in values {
            if value.isEmpty { throw context.usage("Option \"--device\" must not be empty.") }
            guard value == "-" else {
                identifiers.append(value)
                continue
            }
            guard !readInput else { continue }
            readInput = true
            guard let bytes = StandardInput.readAll(limit: maxInputBytes) else {
                throw context.fail(
                    IMPT_ERR_INVALID_ARGUMENT, "Standard input holds more than \(maxInputBytes / 1024 / 1024) MiB of Device identifiers.")
            }
            identifiers += try DeviceListInput.identifiers(in: bytes, context: context)
        }
        if identifiers.isEmpty { throw context.fail(IMPT_ERR_NOT_FOUND, "No Device Identifier is specified.") }
        if identifiers.count > maxIdentifiers {
            throw context.fail(
                IMPT_ERR_INVALID_ARGUMENT, "Too many Devices: at most \(maxIdentifiers) can be given to one command.")
        }
        return DeviceSelection(identifiers: identifiers, isFleet: readInput || identifiers.count > 1)
    }
}
