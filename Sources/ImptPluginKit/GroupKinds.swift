/// What each Device Group type allows, in API types (`production_devicegroup`, ...), for the
/// groups that work with Device Groups (dg, project).
public enum GroupKinds {
    public static let development = "development_devicegroup"
    public static let preFactory = "pre_factoryfixture_devicegroup"
    public static let factory = "factoryfixture_devicegroup"
    public static let preProduction = "pre_production_devicegroup"
    public static let production = "production_devicegroup"
    public static let preDUT = "pre_dut_devicegroup"
    public static let dut = "dut_devicegroup"

    /// (Pre-)factory groups: the only ones with a production target and a DUT target.
    public static func hasTargets(_ apiType: String) -> Bool {
        apiType == factory || apiType == preFactory
    }

    /// (Pre-)production groups: the only ones with a region and `load_code_after_blessing`.
    public static func isProduction(_ apiType: String) -> Bool {
        apiType == production || apiType == preProduction
    }

    /// Groups that may be another group's target.
    public static func canBeTarget(_ apiType: String) -> Bool {
        isProduction(apiType) || apiType == dut || apiType == preDUT
    }

    /// impt's name of an API type (`factoryfixture_devicegroup` → `factory`).
    public static func name(_ apiType: String) -> String {
        DeviceGroupTypes.name(ofAPIType: apiType)
    }

    /// `Invalid option "--<option>" for Device Group of the type "<type>". It may be specified for
    /// "<first>" or "<second>" Device Groups only.`
    public static func wrongTypeMessage(option: String, apiType: String, allowed: (String, String)) -> String {
        "Invalid option \"--\(option)\" for Device Group of the type \"\(name(apiType))\". "
            + "It may be specified for \"\(name(allowed.0))\" or \"\(name(allowed.1))\" Device Groups only."
    }
}
