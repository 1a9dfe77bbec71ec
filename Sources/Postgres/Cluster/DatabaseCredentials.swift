/// How a database's owner logs in. The password is a secret: never log it.
public struct DatabaseCredentials: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// The user only: the password stays out of logs and interpolated output.
    public var description: String { "\(user):***" }
}
