import NIOHTTP1

/// `demo-app display`: the sum of every value and the latest ones.
///
/// - `GET /` (`?limit=N`, 1–100, default 10): the sum, the count and the last values, newest
///   first (JSON: `{"sum":47,"count":4,"last":[{"id":4,"value":5,"source":"adder",
///   "created_at":"2026-…Z"},…]}`).
/// - `GET /health`: `SELECT 1`.
struct DisplayService: DemoService {
    let values: ValuesTable

    static let defaultLimit = 10
    static let limits = 1...100

    let routes: [String: [HTTPMethod]] = ["/": [.GET], "/health": [.GET]]

    func respond(to request: Request) async -> Response {
        switch (request.method, request.path) {
        case (.GET, "/"): return await show(request)
        case (.GET, "/health"): return await health(of: values, for: request)
        default: return unrouted(request)
        }
    }

    private func show(_ request: Request) async -> Response {
        var limit = Self.defaultLimit
        if let text = request.query["limit"] {
            guard let parsed = Int(text.trimmingSpaces()), Self.limits.contains(parsed) else {
                return .problem(.badRequest, "limit must be an integer from \(Self.limits.lowerBound) to \(Self.limits.upperBound)", for: request)
            }
            limit = parsed
        }
        let summary: ValuesTable.Summary
        do {
            summary = try await values.summary(limit: limit)
        } catch {
            return failure(error, for: request) { HTMLPage(title: "Display", notice: $0, home: request.routerHome, content: "") }
        }
        if request.wantsJSON {
            let last = summary.last.map { row in
                JSONValue.object([
                    ("id", .integer(row.id)), ("value", .integer(row.value)),
                    ("source", .string(row.source)), ("created_at", .string(row.createdAt)),
                ])
            }
            return .json(.object([("sum", .number(summary.sum)), ("count", .integer(summary.count)), ("last", .array(last))]))
        }
        return .html(page(request, summary))
    }

    private func page(_ request: Request, _ summary: ValuesTable.Summary) -> HTMLPage {
        var content = """
            <p>The sum of all \(summary.count) \(summary.count == 1 ? "value" : "values") is
            <strong class="sum" id="sum">\(summary.sum)</strong>.</p>

            """
        if summary.last.isEmpty {
            content += "<p>No values yet.</p>\n"
        } else {
            content += """
                <h2>The last \(summary.last.count == 1 ? "value" : "\(summary.last.count) values")</h2>
                <table id="last">
                <thead><tr><th class="number">#</th><th class="number">Value</th><th>Source</th><th>Added (UTC)</th></tr></thead>
                <tbody>

                """
            for row in summary.last {
                content += """
                    <tr><td class="number">\(row.id)</td><td class="number">\(row.value)</td>\
                    <td>\(HTML.escape(row.source))</td><td>\(HTML.escape(row.createdAt))</td></tr>

                    """
            }
            content += "</tbody>\n</table>\n"
        }
        content += "<p><a href=\"\(HTML.escape(request.prefix))/\">Refresh</a></p>\n"
        return HTMLPage(title: "Display", home: request.routerHome, content: content)
    }
}
