/// The user and password of a route's `auth.basic`.
///
/// Its descriptions never show the password, so a logged configuration carries no secret.
public struct BasicAuthCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    public var description: String { "BasicAuthCredentials(user: \(user), password: <redacted>)" }
    public var debugDescription: String { description }
}
