import NIOHTTP1

/// `demo-app adder`: stores posted values and shows the running sum.
///
/// - `GET /`: the sum and a form (JSON: `{"sum":47,"count":4}`).
/// - `POST /` (or `/add`): form field `value` or JSON `{"value": 5}`; a browser is sent back to
///   the page (`303`), a JSON client gets `{"value":5,"sum":47}`; not an integer: `400`.
/// - `GET /health`: `SELECT 1`.
struct AdderService: DemoService {
    let values: ValuesTable

    let routes: [String: [HTTPMethod]] = ["/": [.GET, .POST], "/add": [.POST], "/health": [.GET]]

    func respond(to request: Request) async -> Response {
        switch (request.method, request.path) {
        case (.GET, "/"): return await show(request, notice: addedNotice(request))
        case (.POST, "/"), (.POST, "/add"): return await add(request)
        case (.GET, "/health"): return await health(of: values, for: request)
        default: return unrouted(request)
        }
    }

    private func add(_ request: Request) async -> Response {
        let value: Int64
        switch ValueInput.parse(request) {
        case .success(let parsed):
            value = parsed
        case .failure(let invalid):
            guard !request.wantsJSON else { return .problem(.badRequest, invalid.message, for: request) }
            return await show(request, notice: .failure(invalid.message), entered: invalid.entered, status: .badRequest)
        }
        do {
            let sum = try await values.add(value)
            guard request.wantsJSON else { return .seeOther("\(request.prefix)/?added=\(value)") }
            return .json(.object([("value", .integer(value)), ("sum", .number(sum))]))
        } catch {
            return failure(error, for: request) { page(request, sum: nil, notice: $0, entered: String(value)) }
        }
    }

    private func show(
        _ request: Request, notice: HTMLPage.Notice?, entered: String = "", status: HTTPResponseStatus = .ok
    ) async -> Response {
        let summary: ValuesTable.Summary
        do {
            summary = try await values.summary(limit: 0)
        } catch {
            // Still show the form and the input error, if any, with the database's failure.
            if case .failure = notice, status == .badRequest {
                return .html(page(request, sum: nil, notice: notice, entered: entered), status: status)
            }
            return failure(error, for: request) { page(request, sum: nil, notice: $0, entered: entered) }
        }
        if request.wantsJSON {
            return .json(.object([("sum", .number(summary.sum)), ("count", .integer(summary.count))]), status: status)
        }
        return .html(page(request, sum: summary, notice: notice, entered: entered), status: status)
    }

    private func page(_ request: Request, sum summary: ValuesTable.Summary?, notice: HTMLPage.Notice?, entered: String) -> HTMLPage {
        var content = ""
        if let summary {
            content += """
                <p>The running sum is <strong class="sum" id="sum">\(summary.sum)</strong>
                (\(summary.count) \(summary.count == 1 ? "value" : "values")).</p>

                """
        }
        content += """
            <form method="post" action="\(HTML.escape(request.prefix))/add">
            <label for="value">Value</label>
            <input id="value" name="value" inputmode="numeric" autocomplete="off" required autofocus value="\(HTML.escape(entered))">
            <button type="submit">Add</button>
            </form>
            """
        return HTMLPage(title: "Adder", notice: notice, home: request.routerHome, content: content)
    }

    private func addedNotice(_ request: Request) -> HTMLPage.Notice? {
        guard let added = request.query["added"].flatMap({ Int64($0) }) else { return nil }
        return .success("Added \(added).")
    }
}
