/// The seven Device Group types: impt's names (`--dg-type`) and the API's resource types.
public enum DeviceGroupTypes {
    /// impt names in the order help and messages list them.
    public static let names = ["development", "pre-factory", "pre-dut", "pre-production", "factory", "dut", "production"]

    private static let pairs: [(name: String, apiType: String)] = [
        ("development", "development_devicegroup"),
        ("pre-factory", "pre_factoryfixture_devicegroup"),
        ("pre-dut", "pre_dut_devicegroup"),
        ("pre-production", "pre_production_devicegroup"),
        ("factory", "factoryfixture_devicegroup"),
        ("dut", "dut_devicegroup"),
        ("production", "production_devicegroup"),
    ]

    /// The API type of an impt name (`factory` → `factoryfixture_devicegroup`), or nil.
    public static func apiType(ofName name: String) -> String? {
        pairs.first { $0.name == name }?.apiType
    }

    /// The impt name of an API type, or the API type itself when unknown.
    public static func name(ofAPIType apiType: String) -> String {
        pairs.first { $0.apiType == apiType }?.name ?? apiType
    }
}
