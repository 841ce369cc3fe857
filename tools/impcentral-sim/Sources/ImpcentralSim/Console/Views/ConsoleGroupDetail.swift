/// A device group's header on its page.
struct ConsoleGroupDetail: Sendable {
    var id: String
    var name: String
    var type: String
    var description: String
    var productID: String
    var productName: String
    var currentDeployment: String?
    var minSupportedDeployment: String?
    var productionTarget: String?
    var dutTarget: String?
}
