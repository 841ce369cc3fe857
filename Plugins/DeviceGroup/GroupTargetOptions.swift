import ImptPluginKit

/// `--dut` and `--target` of create and update.
let dutOption = OptionDefinition.string(
    "dut", "u", value: "DEVICE_GROUP_IDENTIFIER",
    help: "The DUT target of a factory (a dut group) or pre-factory (a pre-dut group) Device Group, from the same Product.")
let targetOption = OptionDefinition.string(
    "target", "t", value: "DEVICE_GROUP_IDENTIFIER",
    help: "The production target of a factory (a production group) or pre-factory (a pre-production group) Device Group, "
        + "from the same Product.")
