import Testing

@testable import Router

@Suite("Route table")
struct RouteTableTests {
    static let table = RouteTable([
        RouteRule(path: "/", service: "home"),
        RouteRule(path: "/adder", service: "adder", stripPrefix: true),
        RouteRule(path: "/add", service: "add"),
        RouteRule(path: "/api/v1/", service: "api"),
        RouteRule(path: "/reset", service: "reset"),
        RouteRule(path: "api/v1/admin", service: "admin", stripPrefix: true),
    ])

    struct Case: Sendable, CustomTestStringConvertible {
        var target: String
        var service: String?
        var upstream: String?
        var testDescription: String { "\(target) → \(service ?? "404") \(upstream ?? "")" }
    }

    @Test(
        "Longest prefix on segment boundaries, strip_prefix",
        arguments: [
            Case(target: "/", service: "home"),
            Case(target: "/index.html", service: "home"),
            Case(target: "/add", service: "add"),
            Case(target: "/add/1", service: "add"),
            Case(target: "/adder", service: "adder", upstream: "/"),
            Case(target: "/adder/", service: "adder", upstream: "/"),
            Case(target: "/adder/x/y?q=1", service: "adder", upstream: "/x/y?q=1"),
            Case(target: "/adder?q=1", service: "adder", upstream: "/?q=1"),
            Case(target: "/adderx", service: "home"),
            Case(target: "/addx", service: "home"),
            Case(target: "/api/v1", service: "api"),
            Case(target: "/api/v1/x", service: "api"),
            Case(target: "/api/v1x", service: "home"),
            Case(target: "/api/v1/admin", service: "admin", upstream: "/"),
            Case(target: "/api/v1/admin/users", service: "admin", upstream: "/users"),
            Case(target: "/api/v1/administrator", service: "api"),
            Case(target: "/reset#frag", service: "reset"),
            Case(target: "http://example.test/adder/x", service: "adder", upstream: "/x"),
            Case(target: "http://example.test/add?x", service: "add", upstream: "/add?x"),
            Case(target: "http://example.test", service: "home", upstream: "/"),
        ]
    )
    func matches(_ example: Case) {
        guard case .some(let found) = Self.table.match(example.target) else {
            Issue.record("no match for \(example.target)")
            return
        }
        let entry = Self.table.entries[found.route]
        #expect(Self.table.services[entry.serviceIndex] == example.service)
        #expect(found.upstreamTarget(example.target) == example.upstream)
    }

    @Test("Without a root route, an unmatched path is none")
    func unmatched() {
        let table = RouteTable([RouteRule(path: "/add", service: "add")])
        #expect(table.match("/adder") == .none)
        #expect(table.match("/") == .none)
        #expect(table.match("/ad") == .none)
        #expect(table.match("/add") != .none)
    }

    @Test(
        "Dot segments and odd targets are refused",
        arguments: ["/adder/../reset", "/./x", "/a/..", "/%2e%2e/reset", "/a/.%2E/b", "*", "ftp://x/y"]
    )
    func invalid(_ target: String) {
        guard case .invalid = Self.table.match(target) else {
            Issue.record("\(target) was not refused")
            return
        }
    }

    @Test("Dots inside names are fine", arguments: ["/a/.well-known/x", "/file.tar.gz", "/a/...", "/a/..b"])
    func dotsInNames(_ target: String) {
        guard case .some = Self.table.match(target) else {
            Issue.record("\(target) was refused")
            return
        }
    }

    @Test("Equal prefixes: the first declared wins; services are deduplicated")
    func ties() {
        let table = RouteTable([
            RouteRule(path: "/x", service: "first"), RouteRule(path: "/x/", service: "second"),
            RouteRule(path: "/y", service: "first"),
        ])
        guard case .some(let found) = table.match("/x/1") else {
            Issue.record("no match")
            return
        }
        #expect(table.entries[found.route].rule.service == "first")
        #expect(table.services == ["first", "second"])
    }

    @Test("Path range for the access log")
    func pathRange() {
        #expect(RouteTable.pathRange("/a/b?c=1") == (0, 4))
        #expect(RouteTable.pathRange("/") == (0, 1))
        #expect(RouteTable.pathRange("http://h/x?y") == (8, 10))
    }
}
