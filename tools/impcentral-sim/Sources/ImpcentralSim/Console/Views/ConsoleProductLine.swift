/// A product in the products list.
struct ConsoleProductLine: Sendable {
    var id: String
    var name: String
    var description: String
    var groups: Int
}
