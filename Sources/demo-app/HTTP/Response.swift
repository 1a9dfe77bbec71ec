import NIOCore
import NIOHTTP1

/// One whole HTTP response. `HTTPServer` adds `Content-Length` and `Connection`.
struct Response: Sendable {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: String

    init(status: HTTPResponseStatus, contentType: String, body: String) {
        self.status = status
        self.headers = ["Content-Type": contentType, "Cache-Control": "no-store"]
        self.body = body
    }

    static func html(_ page: HTMLPage, status: HTTPResponseStatus = .ok) -> Response {
        Response(status: status, contentType: "text/html; charset=utf-8", body: page.render())
    }

    static func json(_ value: JSONValue, status: HTTPResponseStatus = .ok) -> Response {
        Response(status: status, contentType: "application/json", body: value.text + "\n")
    }

    static func text(_ text: String, status: HTTPResponseStatus = .ok) -> Response {
        Response(status: status, contentType: "text/plain; charset=utf-8", body: text + "\n")
    }

    /// `303 See Other` to `location` (a path): redirect-after-post, so reloading the page never
    /// posts again.
    static func seeOther(_ location: String) -> Response {
        var response = Response.text("see \(location)", status: .seeOther)
        response.headers.replaceOrAdd(name: "Location", value: location)
        return response
    }

    /// A failure the client should read: `{"error": …}` for JSON clients, else plain text.
    static func problem(_ status: HTTPResponseStatus, _ message: String, for request: Request) -> Response {
        request.wantsJSON ? .json(.object([("error", .string(message))]), status: status) : .text(message, status: status)
    }
}
