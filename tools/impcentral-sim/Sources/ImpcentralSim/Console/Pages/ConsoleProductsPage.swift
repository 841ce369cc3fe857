/// The start page: the account's products.
struct ConsoleProductsPage: Sendable {
    var title: String
    var chrome: ConsoleChrome
    var products: [ConsoleProductLine]
}
