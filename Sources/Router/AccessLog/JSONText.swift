import NIOCore

/// JSON string escaping, by hand: the access log is written without Foundation.
enum JSONText {
    /// `text` escaped for use between JSON quotes.
    static func escaped(_ text: String) -> String {
        var buffer = ByteBuffer()
        buffer.write(atMost: 6 * text.utf8.count) { $0.json(text.utf8) }
        return String(buffer: buffer)
    }
}
