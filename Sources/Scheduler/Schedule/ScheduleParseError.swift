/// A malformed awake window or holiday, with the offset of the part it is about.
public struct ScheduleParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what a valid one looks like.
    public let message: String
    /// 0-based character offset of the offending part inside the parsed text.
    public let offset: Int

    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) (at character \(offset + 1))" }
}
