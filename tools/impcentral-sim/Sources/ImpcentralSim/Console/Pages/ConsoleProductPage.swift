/// A product and its device groups.
struct ConsoleProductPage: Sendable {
    var title: String
    var chrome: ConsoleChrome
    var productID: String
    var productName: String
    var description: String
    var groups: [ConsoleGroupLine]
}
