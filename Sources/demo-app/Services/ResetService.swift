import NIOHTTP1

/// `demo-app reset`: empties the table. Admin-only: in prod devenv's router asks for basic auth
/// in front of it; the service itself checks nothing.
///
/// - `GET /`: how many values there are, and the button (JSON: `{"count":4}`).
/// - `POST /`: deletes every value; a browser is sent back to the page (`303`), a JSON client
///   gets `{"deleted":4}`.
/// - `GET /health`: `SELECT 1`.
struct ResetService: DemoService {
    let values: ValuesTable

    let routes: [String: [HTTPMethod]] = ["/": [.GET, .POST], "/health": [.GET]]

    func respond(to request: Request) async -> Response {
        switch (request.method, request.path) {
        case (.GET, "/"): return await show(request)
        case (.POST, "/"): return await reset(request)
        case (.GET, "/health"): return await health(of: values, for: request)
        default: return unrouted(request)
        }
    }

    private func reset(_ request: Request) async -> Response {
        do {
            let deleted = try await values.deleteAll()
            guard request.wantsJSON else { return .seeOther("\(request.prefix)/?deleted=\(deleted)") }
            return .json(.object([("deleted", .integer(deleted))]))
        } catch {
            return failure(error, for: request) { page(request, count: nil, notice: $0) }
        }
    }

    private func show(_ request: Request) async -> Response {
        let count: Int64
        do {
            count = try await values.count()
        } catch {
            return failure(error, for: request) { page(request, count: nil, notice: $0) }
        }
        if request.wantsJSON { return .json(.object([("count", .integer(count))])) }
        var notice: HTMLPage.Notice?
        if let deleted = request.query["deleted"].flatMap({ Int($0) }) {
            notice = .success("Deleted \(deleted) \(deleted == 1 ? "value" : "values").")
        }
        return .html(page(request, count: count, notice: notice))
    }

    private func page(_ request: Request, count: Int64?, notice: HTMLPage.Notice?) -> HTMLPage {
        var content = ""
        if let count {
            content += "<p>The table holds <strong id=\"count\">\(count)</strong> \(count == 1 ? "value" : "values").</p>\n"
        }
        content += """
            <form method="post" action="\(HTML.escape(request.prefix))/">
            <button type="submit">Delete every value</button>
            </form>
            """
        return HTMLPage(title: "Reset", notice: notice, home: request.routerHome, content: content)
    }
}
