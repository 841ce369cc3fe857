#if canImport(Glibc)
import Glibc
#endif
import ImptPluginAPI

extension Context {
    /// Writes what the host has buffered now (impt.output/2; nothing to do on an older host, which
    /// writes when the handler returns).
    public func flush() {
        PluginHost.output2?.pointee.flush(handle)
    }

    /// Shows or replaces the progress line (at a terminal in the default mode only); nil erases it.
    public func progress(_ text: String?) {
        PluginHost.output2?.pointee.progress(handle, text)
    }

    /// Prints one result of a sequence at once: a compact JSON line in json mode, the usual
    /// rendering in the text modes. An older host prints it as an ordinary result.
    public func resultItem(_ value: Value) {
        if let output2 = PluginHost.output2 {
            output2.pointee.result_item(handle, value.handle)
        } else {
            result(value)
        }
    }

    public func resultItem(_ literal: JSONLiteral) { resultItem(make(literal)) }

    /// Writes `text` (give it its line feed) to the run's standard error, after what is buffered
    /// for standard output (impt.output/3). An older host gets it on file descriptor 2 directly.
    public func standardError(_ text: String) {
        if let output3 = PluginHost.output3 {
            output3.pointee.error_text(handle, text)
            return
        }
        flush()
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            offset += written
        }
    }
}
