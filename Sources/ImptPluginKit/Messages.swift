import ImptPluginAPI

/// The message templates of the original impt, shared by the built-in groups.
public enum Messages {
    /// `<Type> "<identifier>"`.
    public static func entity(_ kind: impt_entity_kind, _ identifier: String) -> String {
        "\(Context.typeName(kind)) \"\(identifier)\""
    }

    public static func created(_ subject: String) -> String { "\(subject) is created successfully." }
    public static func updated(_ subject: String) -> String { "\(subject) is updated successfully." }
    public static func deleted(_ subject: String) -> String { "\(subject) is deleted successfully." }

    /// `Product list (4 items):`
    public static func listHeader(_ kind: impt_entity_kind, count: Int) -> String {
        "\(Context.typeName(kind)) list (\(count) items):"
    }

    /// `No Products are found.`
    public static func emptyList(_ kind: impt_entity_kind) -> String {
        "No \(Context.typeName(kind))s are found."
    }
}

extension Context {
    /// Prints a list the way list commands do: a header and the entities, or the empty message.
    public func printList(_ kind: impt_entity_kind, _ resources: [Value], set: impt_display_set = IMPT_DISPLAY_LIST)
        throws(PluginFailure)
    {
        var shown: [JSONLiteral] = []
        for resource in resources { shown.append(.value(try display(kind, set, resource))) }
        info(shown.isEmpty ? Messages.emptyList(kind) : Messages.listHeader(kind, count: shown.count))
        result(.array(shown))
    }
}
