import CImptSystem

/// The width of the terminal impt writes to.
public enum TerminalSize {
    /// Columns of the terminal behind `fd`, or nil when it is not a terminal.
    public static func columns(fd: Int32 = 1) -> Int? {
        let columns = Int(impt_terminal_columns(fd))
        return columns > 0 ? columns : nil
    }

    /// The width help is wrapped to: the terminal's width up to 80 columns, as the original
    /// impt's yargs help; 80 when standard output is not a terminal.
    public static let helpColumns: Int = min(80, max(40, columns() ?? 80))
}
