/// A device group offered as a BlinkUp target.
struct ConsoleGroupChoice: Sendable {
    var id: String
    var label: String
    var selected: Bool
}
