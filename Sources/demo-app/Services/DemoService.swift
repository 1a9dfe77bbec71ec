import NIOHTTP1

/// One of the demo's services: answers whole requests. `HTTPServer` serves it.
protocol DemoService: Sendable {
    /// Each path the service answers, with its methods (`HEAD` goes with `GET`).
    var routes: [String: [HTTPMethod]] { get }

    func respond(to request: Request) async -> Response
}

extension DemoService {
    /// `405` with `Allow` for a known path asked with another method, else `404`.
    func unrouted(_ request: Request) -> Response {
        guard let methods = routes[request.path] else {
            return .problem(.notFound, "no such page: \(request.path)", for: request)
        }
        var allowed = methods.map(\.rawValue)
        if methods.contains(.GET) { allowed.append("HEAD") }
        var response = Response.problem(
            .methodNotAllowed, "\(request.method.rawValue) is not allowed on \(request.path): use \(allowed.joined(separator: " or "))",
            for: request)
        response.headers.replaceOrAdd(name: "Allow", value: allowed.joined(separator: ", "))
        return response
    }

    /// `GET /health`: `SELECT 1` on the database, `200 ok` or `503` with the reason.
    func health(of values: ValuesTable, for request: Request) async -> Response {
        do {
            try await values.ping()
            return request.wantsJSON ? .json(.object([("status", .string("ok"))])) : .text("ok")
        } catch {
            let reason = "database unavailable: \(error)"
            return request.wantsJSON
                ? .json(.object([("status", .string("unavailable")), ("error", .string(reason))]), status: .serviceUnavailable)
                : .text(reason, status: .serviceUnavailable)
        }
    }

    /// The answer when the database failed: `503` when it cannot be reached, else `500`; an
    /// HTML client gets `page` with the reason on it.
    func failure(_ error: DatabaseError, for request: Request, page: (HTMLPage.Notice) -> HTMLPage) -> Response {
        let status: HTTPResponseStatus = error.isUnavailable ? .serviceUnavailable : .internalServerError
        let message = error.isUnavailable ? "The database is unavailable: \(error)" : "The database failed: \(error)"
        return request.wantsJSON ? .problem(status, message, for: request) : .html(page(.failure(message)), status: status)
    }
}

extension Request {
    /// Where "Home" is when the request came through the router (it set `X-Forwarded-Prefix`).
    var routerHome: String? { prefix.isEmpty ? nil : "/" }
}
