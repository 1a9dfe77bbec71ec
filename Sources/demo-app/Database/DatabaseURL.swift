import Foundation

/// `DATABASE_URL` (`postgresql://user:password@host:port/db`): what to connect with, and how to
/// mention it without its password.
struct DatabaseURL: Sendable {
    /// The URL as given.
    let text: String
    /// The forms the password can take in text (as written, percent-decoded), to hide them.
    private let secrets: [String]

    init(_ text: String) {
        self.text = text
        let components = URLComponents(string: text)
        secrets = [components?.percentEncodedPassword, components?.password]
            .compactMap { $0 }.filter { !$0.isEmpty }
            .sorted { $0.count > $1.count }
    }

    /// `text` with every form of the password replaced by `***`.
    func redacting(_ message: String) -> String {
        secrets.reduce(message) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// The URL for logs: `postgresql://app:***@127.0.0.1:5432/app`.
    var redacted: String { redacting(text) }
}
