/// The `| Contacting impCentral...` animation shown while requests are in flight, redrawn in
/// place with erase-line and cursor-to-column-1 sequences. It appears only once a wait lasts a
/// full frame interval, and its line is erased before anything else is printed.
public final class Spinner {
    /// Milliseconds between frames.
    public static let interval = 60
    static let frames = ["|", "/", "-", "\\"]
    static let eraseLine = "\u{1b}[2K\u{1b}[1G"

    private let console: Console
    private var frame = 0
    private var drawn = false

    public init(console: Console) {
        self.console = console
    }

    /// Draws the next frame.
    public func tick() {
        console.writeNow(Self.eraseLine + Self.frames[frame % Self.frames.count] + " Contacting impCentral...")
        frame += 1
        drawn = true
    }

    /// Erases the spinner's line if a frame is showing.
    public func clear() {
        guard drawn else { return }
        console.writeNow(Self.eraseLine)
        drawn = false
    }
}
