import ImptPluginAPI
import ImptPluginKit

/// `impt swift-example products`: the Products of the account whose name contains a text, using
/// impt's own services (impCentral access, identification, display).
struct Products: Command {
    static let configuration = CommandConfiguration(
        name: "products", summary: "Lists Products whose name contains a text.",
        description: "Lists the Products you can access whose name contains --contains (any case).")

    @Option("contains", "c", value: "text", help: "Text the Product name must contain.", required: true) var text: String

    func run(_ context: Context) throws(PluginFailure) {
        let wanted = Array(text.lowercased().utf8)
        let products = try context.list("/products").filter { product in
            Self.contains(Array((product["attributes"]?["name"]?.string ?? "").lowercased().utf8), wanted)
        }
        try context.printList(IMPT_ENTITY_PRODUCT, products)
    }

    /// Whether `bytes` contain `part` (the standard library's substring search lives in the
    /// StringProcessing runtime, which impt does not carry).
    static func contains(_ bytes: [UInt8], _ part: [UInt8]) -> Bool {
        guard !part.isEmpty else { return true }
        guard bytes.count >= part.count else { return false }
        return (0...(bytes.count - part.count)).contains { bytes[$0..<$0 + part.count].elementsEqual(part) }
    }
}
