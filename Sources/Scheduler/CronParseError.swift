/// A cron expression that could not be parsed, with the position of the offending part.
///
/// The message names the field, the bad value and what is allowed, for example
/// `hour value 25 is out of range 0-23`. A manifest loader adds `offset` to the column where the
/// expression starts to point at the exact character.
public struct CronParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A human-readable explanation that names the field, the value and the allowed range.
    public let message: String

    /// The 0-based character offset of the offending part inside the parsed text.
    public let offset: Int

    /// Creates an error with a message and the offset of the part it is about.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String {
        "\(message) (at character \(offset + 1))"
    }
}
