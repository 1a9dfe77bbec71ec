/// Renders a line as `<prefix padded> | <text>`, the prefix coloured per service on a terminal.
public struct LogFormatter: Sendable {
    /// The width prefixes are padded to; grows when a wider source appears while following.
    public var width: Int
    public var colour: Bool

    /// ANSI foreground colours that read well on dark and light backgrounds.
    static let palette = [36, 33, 32, 35, 34, 91, 96, 93, 92, 95]

    public init(width: Int, colour: Bool) {
        self.width = width
        self.colour = colour
    }

    public mutating func format(_ line: LogLine) -> String {
        let prefix = line.source.prefix
        width = max(width, prefix.count)
        let padded = prefix + String(repeating: " ", count: width - prefix.count) + " |"
        guard colour else { return "\(padded) \(line.text)" }
        let code = LogFormatter.colourCode(for: line.source.service)
        return "\u{1B}[\(code)m\(padded)\u{1B}[0m \(line.text)"
    }

    /// The same colour for a service on every run: FNV-1a of its name picks from the palette.
    static func colourCode(for service: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in service.utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        return palette[Int(hash % UInt32(palette.count))]
    }
}
