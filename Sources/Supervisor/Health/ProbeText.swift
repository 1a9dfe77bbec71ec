/// How probes write durations and addresses in their reasons.
enum ProbeText {
    /// A duration the way the manifest writes one: `250ms`, `1s`, `1m30s`, `2s500ms`.
    static func duration(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return "0s" }
        if seconds == 0 && attoseconds < 1_000_000_000_000_000 {
            let microseconds = attoseconds / 1_000_000_000_000
            return microseconds == 0 ? "0s" : "\(microseconds)µs"
        }
        let milliseconds = seconds % 60 * 1000 + attoseconds / 1_000_000_000_000_000
        let minutes = seconds / 60
        var text = minutes > 0 ? "\(minutes)m" : ""
        if milliseconds % 1000 != 0 && milliseconds < 1000 {
            text += "\(milliseconds)ms"
        } else if milliseconds % 1000 != 0 {
            text += "\(milliseconds / 1000)s\(milliseconds % 1000)ms"
        } else if milliseconds > 0 || text.isEmpty {
            text += "\(milliseconds / 1000)s"
        }
        return text
    }

    /// `host:port`, with an IPv6 address in brackets: `127.0.0.1:8080`, `[::1]:8080`.
    static func authority(host: String, port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// `text` on one line, at most `limit` characters (an ellipsis marks a cut).
    static func oneLine(_ text: String, limit: Int = 200) -> String {
        let flat = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingPrefix(while: \.isWhitespace) }
            .filter { !$0.isEmpty }
            .joined(separator: " / ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }
}
