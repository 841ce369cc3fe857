/// A device group in a product's list.
struct ConsoleGroupLine: Sendable {
    var id: String
    var name: String
    var type: String
    var currentDeployment: String?
    var minSupportedDeployment: String?
    var devices: Int
}
