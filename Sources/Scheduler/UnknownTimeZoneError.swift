/// A time zone identifier that the system's time zone database does not know.
public struct UnknownTimeZoneError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The identifier as written.
    public let identifier: String

    /// The closest known identifier, when one is close enough to be a likely typo.
    public let suggestion: String?

    /// Creates an error for an unknown identifier and an optional suggestion.
    public init(identifier: String, suggestion: String?) {
        self.identifier = identifier
        self.suggestion = suggestion
    }

    /// A human-readable explanation, for example
    /// `unknown time zone 'Europe/Olso' (did you mean 'Europe/Oslo'?)`.
    public var message: String {
        if let suggestion {
            return "unknown time zone '\(identifier)' (did you mean '\(suggestion)'?)"
        }
        return "unknown time zone '\(identifier)' (expected an IANA identifier such as 'Europe/Oslo' or 'UTC')"
    }

    public var description: String { message }
}
