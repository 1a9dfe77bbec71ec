import NIOCore
import NIOHTTP1

/// One whole HTTP request, head and body, as the services see it.
struct Request: Sendable {
    var method: HTTPMethod
    /// The path without its query, `/` for an empty one, with no trailing slash otherwise.
    var path: String
    /// The query's fields, percent-decoded; a repeated name keeps its last value.
    var query: [String: String]
    var headers: HTTPHeaders
    var body: ByteBuffer
    var version: HTTPVersion
    var keepAlive: Bool

    init(head: HTTPRequestHead, body: ByteBuffer) {
        let target = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var path = String(target.first ?? "/")
        if path.isEmpty { path = "/" }
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        self.method = head.method
        self.path = path
        self.query = target.count > 1 ? FormFields.decode(String(target[1])) : [:]
        self.headers = head.headers
        self.body = body
        self.version = head.version
        self.keepAlive = head.isKeepAlive
    }

    /// The path prefix the router stripped (`X-Forwarded-Prefix`, e.g. `/adder`), or `""` when the
    /// request came directly. Links and form actions start with it. A value that is not a plain
    /// absolute path (`/a/b`, no `//`, no odd characters) is ignored, so it can never turn a link
    /// into another site's address.
    var prefix: String {
        guard let value = headers.first(name: "X-Forwarded-Prefix") else { return "" }
        var prefix = value.trimmingSpaces()
        while prefix.hasSuffix("/") { prefix.removeLast() }
        guard prefix.hasPrefix("/") else { return "" }
        let segments = prefix.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        guard segments.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.prefixCharacters.contains) }) else { return "" }
        return prefix
    }

    /// What a prefix's segments may hold: URL path characters that need no escaping anywhere.
    private static let prefixCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    /// Whether the body is JSON (`Content-Type: application/json`).
    var hasJSONBody: Bool {
        headers.first(name: "Content-Type")?.lowercased().hasPrefix("application/json") ?? false
    }

    /// Whether the client would rather have JSON than HTML: `Accept` ranks `application/json`
    /// above `text/html`, or the body is JSON and `Accept` does not ask for HTML.
    var wantsJSON: Bool {
        let ranks = AcceptHeader(headers[canonicalForm: "Accept"].joined(separator: ","))
        let json = ranks.quality(of: "application/json"), html = ranks.quality(of: "text/html")
        if json > 0 { return json > html || (json == html && hasJSONBody) }
        return hasJSONBody && html == 0
    }
}

/// The media ranges of an `Accept` header with their `q` values; only exact types count here.
struct AcceptHeader {
    private var qualities: [String: Double] = [:]

    init(_ value: String) {
        for range in value.split(separator: ",") {
            let parameters = range.split(separator: ";").map { $0.trimmingSpaces().lowercased() }
            guard let type = parameters.first, !type.isEmpty else { continue }
            var quality = 1.0
            for parameter in parameters.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            qualities[type] = max(qualities[type] ?? 0, quality)
        }
    }

    func quality(of type: String) -> Double { qualities[type] ?? 0 }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
