/// The `404` for a path no route matches: the routes, as HTML for a browser and JSON otherwise.
struct NotFoundPage: Sendable {
    private let routes: [(path: String, service: String)]

    init(_ table: RouteTable) {
        // Declared order reads best; the table is sorted by length.
        routes = table.entries.map { ($0.rule.path.hasPrefix("/") ? $0.rule.path : "/" + $0.rule.path, $0.rule.service) }
            .sorted { $0.path < $1.path }
    }

    /// The response for `path`; HTML when `accept` has `text/html`.
    func response(path: String, accept: String?) -> LocalResponse {
        if let accept, accept.utf8.count >= 9, accept.lowercased().contains("text/html") {
            var body = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>404 Not Found</title></head><body>\n"
            body += "<h1>404 Not Found</h1>\n<p>No route matches <code>\(Self.html(path))</code>. The routes are:</p>\n<ul>\n"
            for route in routes {
                let path = Self.html(route.path)
                body += "<li><a href=\"\(path)\">\(path)</a> &rarr; \(Self.html(route.service))</li>\n"
            }
            body += "</ul>\n</body></html>\n"
            return LocalResponse(status: 404, reason: "Not Found", contentType: "text/html; charset=utf-8", body: body)
        }
        var body = "{\"error\":\"no route\",\"path\":\"\(JSONText.escaped(path))\",\"routes\":["
        for (index, route) in routes.enumerated() {
            if index > 0 { body += "," }
            body += "{\"path\":\"\(JSONText.escaped(route.path))\",\"service\":\"\(JSONText.escaped(route.service))\"}"
        }
        body += "]}\n"
        return LocalResponse(status: 404, reason: "Not Found", contentType: "application/json", body: body)
    }

    static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
