import ImptPluginKit

/// What each Device Group type allows, in API types (`production_devicegroup`, ...).
enum GroupKinds {
    static let preFactory = "pre_factoryfixture_devicegroup"
    static let factory = "factoryfixture_devicegroup"
    static let preProduction = "pre_production_devicegroup"
    static let production = "production_devicegroup"
    static let preDUT = "pre_dut_devicegroup"
    static let dut = "dut_devicegroup"

    /// (Pre-)factory groups: the only ones with a production target and a DUT target.
    static func hasTargets(_ apiType: String) -> Bool {
        apiType == factory || apiType == preFactory
    }

    /// (Pre-)production groups: the only ones with a region and `load_code_after_blessing`.
    static func isProduction(_ apiType: String) -> Bool {
        apiType == production || apiType == preProduction
    }

    /// Groups that may be another group's target.
    static func canBeTarget(_ apiType: String) -> Bool {
        isProduction(apiType) || apiType == dut || apiType == preDUT
    }

    /// impt's name of an API type (`factoryfixture_devicegroup` → `factory`).
    static func name(_ apiType: String) -> String {
        DeviceGroupTypes.name(ofAPIType: apiType)
    }

    /// `Invalid option "--<option>" for Device Group of the type "<type>". It may be specified for
    /// "<first>" or "<second>" Device Groups only.`
    static func wrongTypeMessage(option: String, apiType: String, allowed: (String, String)) -> String {
        "Invalid option \"--\(option)\" for Device Group of the type \"\(name(apiType))\". "
            + "It may be specified for \"\(name(allowed.0))\" or \"\(name(allowed.1))\" Device Groups only."
    }
}
