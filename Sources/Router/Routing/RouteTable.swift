#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The routes compiled for matching: longest path prefix first, on segment boundaries.
///
/// Matching reads the request target's bytes in place and allocates nothing. Pure, so it is tested as a table.
struct RouteTable: Sendable {
    /// One route, its prefix normalised: no trailing `/`, and empty for `/`.
    struct Entry: Sendable {
        let rule: RouteRule
        let prefix: [UInt8]
        /// Index into ``services``.
        let serviceIndex: Int
        let auth: BasicAuthCheck?
        /// The prefix as a string, for `X-Forwarded-Prefix`.
        let prefixString: String
    }

    /// The routes, longest prefix first.
    let entries: [Entry]
    /// The distinct services routed to, in order of first appearance.
    let services: [String]

    init(_ rules: [RouteRule]) {
        var services: [String] = []
        var entries: [Entry] = []
        for rule in rules {
            var path = Array(rule.path.utf8)
            if path.first != UInt8(ascii: "/") { path.insert(UInt8(ascii: "/"), at: 0) }
            while path.last == UInt8(ascii: "/") { path.removeLast() }
            let serviceIndex: Int
            if let index = services.firstIndex(of: rule.service) {
                serviceIndex = index
            } else {
                serviceIndex = services.count
                services.append(rule.service)
            }
            entries.append(
                Entry(
                    rule: rule, prefix: path, serviceIndex: serviceIndex,
                    auth: rule.basicAuth.map(BasicAuthCheck.init), prefixString: String(decoding: path, as: UTF8.self)
                )
            )
        }
        // Stable: among equal prefixes the first declared wins.
        self.entries = entries.enumerated().sorted {
            $0.element.prefix.count != $1.element.prefix.count
                ? $0.element.prefix.count > $1.element.prefix.count : $0.offset < $1.offset
        }.map(\.element)
        self.services = services
    }

    /// The route for a request target, or why it has none.
    func match(_ target: String) -> RouteMatch {
        var target = target
        return target.withUTF8 { match(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The route for a request target's bytes, or why it has none; allocates nothing.
    func match(bytes: UnsafeRawBufferPointer) -> RouteMatch {
        var pathStart = 0
        if bytes.first != UInt8(ascii: "/") {
            guard let start = Self.absoluteFormPathStart(bytes) else { return .invalid("request target is not a path") }
            pathStart = start
        }
        var pathEnd = pathStart
        while pathEnd < bytes.count, bytes[pathEnd] != UInt8(ascii: "?"), bytes[pathEnd] != UInt8(ascii: "#") {
            pathEnd += 1
        }
        let path = UnsafeRawBufferPointer(rebasing: bytes[pathStart..<pathEnd])
        if Self.hasDotSegment(path) { return .invalid("path has a . or .. segment") }
        for index in entries.indices {
            // One field at a time: copying a whole entry would retain each of its strings and arrays.
            let matched = entries[index].prefix.withUnsafeBytes { prefix in
                guard path.count >= prefix.count else { return false }
                if path.count > prefix.count, path[prefix.count] != UInt8(ascii: "/") { return false }
                return memcmp(prefix.baseAddress ?? path.baseAddress!, path.baseAddress!, prefix.count) == 0
            }
            if matched {
                // Absolute-form targets and stripped prefixes need a new target.
                let cut = pathStart + (entries[index].rule.stripPrefix ? entries[index].prefix.count : 0)
                return .some(RouteMatch.Found(route: index, pathStart: pathStart, pathEnd: pathEnd, upstreamFrom: cut > 0 ? cut : nil))
            }
        }
        return .none
    }

    /// Where the path starts and ends in a target's bytes, for the access log.
    static func pathRange(_ bytes: UnsafeRawBufferPointer) -> (start: Int, end: Int) {
        let start = bytes.first == UInt8(ascii: "/") ? 0 : absoluteFormPathStart(bytes) ?? 0
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: "#") { end += 1 }
        return (start, end)
    }

    static func pathRange(_ target: String) -> (start: Int, end: Int) {
        var target = target
        return target.withUTF8 { pathRange(UnsafeRawBufferPointer($0)) }
    }

    /// Where the path of `http://host/path` starts (an empty path counts as `/`).
    private static func absoluteFormPathStart(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let http = Array("http://".utf8), https = Array("https://".utf8)
        func hasPrefix(_ p: [UInt8]) -> Bool {
            bytes.count >= p.count && zip(p, bytes).allSatisfy { $0 == ($1 | 0x20) || $0 == $1 }
        }
        let schemeEnd = hasPrefix(http) ? http.count : hasPrefix(https) ? https.count : nil
        guard let schemeEnd else { return nil }
        var index = schemeEnd
        while index < bytes.count, bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: "?") { index += 1 }
        return index
    }

    /// Whether a segment is `.` or `..`, plainly or percent-encoded; such paths are refused
    /// rather than normalised, so a route and its service never disagree on what was asked.
    static func hasDotSegment(_ path: UnsafeRawBufferPointer) -> Bool {
        var start = 0
        for index in 0...path.count where index == path.count || path[index] == UInt8(ascii: "/") {
            if index > start, index - start <= 6, isDots(UnsafeRawBufferPointer(rebasing: path[start..<index])) {
                return true
            }
            start = index + 1
        }
        return false
    }

    private static func isDots(_ segment: UnsafeRawBufferPointer) -> Bool {
        var dots = 0
        var index = 0
        while index < segment.count {
            if segment[index] == UInt8(ascii: ".") {
                index += 1
            } else if segment[index] == UInt8(ascii: "%"), index + 2 < segment.count, segment[index + 1] == UInt8(ascii: "2"),
                segment[index + 2] | 0x20 == UInt8(ascii: "e")
            {
                index += 3
            } else {
                return false
            }
            dots += 1
        }
        return dots == 1 || dots == 2
    }
}
