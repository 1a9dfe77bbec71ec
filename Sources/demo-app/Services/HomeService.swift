import NIOHTTP1

/// `demo-app home`: the front page, linking the other services through the router.
///
/// - `GET /`: the links (JSON: `{"services":{"adder":"http://127.0.0.1:8080/adder",…}}`).
/// - `GET /health`: always `200 ok` (home has no database).
struct HomeService: DemoService {
    /// The services linked, in order, with what each does.
    static let services: [(name: String, description: String)] = [
        ("adder", "Add a value: it is stored in Postgres and the running sum is shown."),
        ("display", "See the sum of every value and the latest ones."),
        ("reset", "Empty the table (admin only: asks for a password in prod)."),
    ]

    /// The router's address (`ROUTER_URL`, e.g. `http://127.0.0.1:8080`); links are relative
    /// (`/adder`) without it.
    let routerURL: String?

    let routes: [String: [HTTPMethod]] = ["/": [.GET], "/health": [.GET]]

    init(routerURL: String?) {
        var base = routerURL?.trimmingSpaces() ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        self.routerURL = base.isEmpty ? nil : base
    }

    func respond(to request: Request) async -> Response {
        switch (request.method, request.path) {
        case (.GET, "/"): return show(request)
        case (.GET, "/health"): return request.wantsJSON ? .json(.object([("status", .string("ok"))])) : .text("ok")
        default: return unrouted(request)
        }
    }

    func link(to service: String) -> String {
        (routerURL ?? "") + "/" + service
    }

    private func show(_ request: Request) -> Response {
        if request.wantsJSON {
            let links = Self.services.map { ($0.name, JSONValue.string(link(to: $0.name))) }
            return .json(.object([("services", .object(links))]))
        }
        var content = """
            <p>A small stack run by devenv: three services behind its path router, sharing one
            Postgres table.</p>
            <ul>

            """
        for service in Self.services {
            content += """
                <li><a href="\(HTML.escape(link(to: service.name)))">\(service.name)</a> — \(HTML.escape(service.description))</li>

                """
        }
        content += "</ul>\n"
        return .html(HTMLPage(title: "devenv demo", content: content))
    }
}
