/// One line of progress ("Restarting Devices: 37/200") drawn in place at a terminal, for long
/// commands. It is drawn only where the console animates (the default output mode at a
/// terminal); the console erases it before writing anything else and when a command ends.
public final class ProgressLine {
    private unowned let console: Console
    /// Whether the line is on the screen now.
    public private(set) var drawn = false

    init(console: Console) {
        self.console = console
    }

    /// Draws `text` in place of the current progress line; an empty text erases it. Control
    /// characters are shown escaped and the text is cut to the terminal width, so that erasing
    /// one line always removes it.
    public func show(_ text: String) {
        guard console.showsProgress else { return }
        guard !text.isEmpty else { return clear() }
        var visible = VisibleText.escaped(text, keepingLineFeeds: false)
        let width = (TerminalSize.columns() ?? 80) - 1
        if visible.count > width { visible = String(visible.prefix(max(0, width))) }
        console.writeNow(Spinner.eraseLine + visible)
        drawn = true
    }

    /// Erases the line if it is drawn, at once (anything the console buffered since it was drawn
    /// is written after).
    public func clear() {
        guard drawn else { return }
        drawn = false
        console.writeControl(Spinner.eraseLine)
    }
}
