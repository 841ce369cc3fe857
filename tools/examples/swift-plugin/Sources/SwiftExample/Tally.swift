import ImptPluginAPI
import ImptPluginKit

/// `impt swift-example tally`: counts words, showing how each option type arrives as a Swift value.
struct Tally: Command {
    static let configuration = CommandConfiguration(
        name: "tally", summary: "Counts the words it is given.",
        description: "Counts the words given with --word, optionally ignoring case, and shows the most frequent ones.",
        examples: "impt swift-example tally --word a --word b --word A --ignore-case")

    @Option("word", "w", value: "word", help: "A word to count.", required: true) var words: [String]
    @Option("ignore-case", "i", help: "Counts words that differ only in case together.") var ignoreCase: Bool
    @Option("top", "t", value: "count", help: "How many of the most frequent words to show.", positive: true, default: "3")
    var top: Int
    @Option("title", value: "text", help: "A title for the result.") var title: String?

    func run(_ context: Context) throws(PluginFailure) {
        var counts: [String: Int] = [:]
        for word in words {
            counts[ignoreCase ? word.lowercased() : word, default: 0] += 1
        }
        let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(top)
        let words: [(String, JSONLiteral)] = ranked.map { ($0.key, .int(Int64($0.value))) }
        var tally: [(String, JSONLiteral)] = [("distinct", .int(Int64(counts.count))), ("top", .object(words))]
        if let title { tally.insert(("title", .string(title)), at: 0) }
        context.info("Words are counted successfully.")
        context.result(["Tally": .object(tally)])
    }
}
