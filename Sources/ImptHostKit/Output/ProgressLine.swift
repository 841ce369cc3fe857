/// A line such as `Deleting devices 12/40` redrawn in place while work goes on, with the same
/// erase-line sequence as the spinner. Drawn only at a terminal in the default mode; erase it
/// (`clear`) before printing anything else, and draw it again afterwards.
public final class ProgressLine {
    private let console: Console
    private let label: String
    private var text: String?
    /// What the terminal shows now, if anything.
    private var drawnText: String?

    /// A progress line for `label`, or nil when progress is not shown (not a terminal, or
    /// another output mode). Control characters in the label are dropped.
    public init?(console: Console, label: String) {
        guard console.showsProgress else { return nil }
        self.console = console
        self.label = String(label.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
    }

    /// Shows `<label> <done>/<total>`.
    public func show(done: Int, total: Int) {
        text = "\(label) \(done)/\(total)"
        redraw()
    }

    /// Draws the line if it was cleared or changed since it was last drawn.
    public func redraw() {
        guard let text, text != drawnText else { return }
        console.writeNow(Spinner.eraseLine + text)
        drawnText = text
    }

    /// Erases the line if it is showing.
    public func clear() {
        guard drawnText != nil else { return }
        console.writeNow(Spinner.eraseLine)
        drawnText = nil
    }
}
