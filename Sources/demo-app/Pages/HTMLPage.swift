/// A small server-rendered page: a title, an optional notice and the content. No JavaScript.
struct HTMLPage: Sendable {
    enum Notice: Sendable {
        case success(String)
        case failure(String)
    }

    var title: String
    var notice: Notice?
    /// HTML, with everything from outside already escaped (`HTML.escape`).
    var content: String
    /// Where "Home" points, when the page was reached through the router.
    var home: String?

    init(title: String, notice: Notice? = nil, home: String? = nil, content: String) {
        self.title = title
        self.notice = notice
        self.home = home
        self.content = content
    }

    func render() -> String {
        var noticeHTML = ""
        switch notice {
        case .success(let text): noticeHTML = "<p class=\"ok\" role=\"status\">\(HTML.escape(text))</p>\n"
        case .failure(let text): noticeHTML = "<p class=\"error\" role=\"alert\">\(HTML.escape(text))</p>\n"
        case nil: break
        }
        let nav = home.map { "<nav><a href=\"\(HTML.escape($0))\">Home</a></nav>\n" } ?? ""
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) · devenv demo</title>
            <style>
            body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
            .ok { color: #05620c; } .error { color: #a30000; font-weight: bold; }
            table { border-collapse: collapse; } td, th { padding: .2rem .8rem; text-align: left; }
            td.number, th.number { text-align: right; } .sum { font-size: 2rem; }
            </style>
            </head>
            <body>
            \(nav)<h1>\(HTML.escape(title))</h1>
            \(noticeHTML)\(content)
            </body>
            </html>

            """
    }
}

enum HTML {
    /// `text` safe inside an element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
