"""pyserver: the supervisor benchmark's Python server, a real interpreter starting a real server.

Listens on 127.0.0.1:$PORT with the standard library's http.server and answers `GET /health`
with 200 and anything else with 404, one request per connection. Every side of the benchmark
(the shell-script floor, honcho and devenv) runs it as `<interpreter> pyserver.py`, with the
interpreter's real path (sys.executable), never a version manager's shim, so each start costs
the interpreter and its imports and nothing more. SIGTERM keeps its default action: it just dies.
"""
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        healthy = self.path.split("?", 1)[0] == "/health"
        body = b"ok\n" if healthy else b"not found\n"
        self.send_response(200 if healthy else 404)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # no line per probe


def main():
    try:
        port = int(os.environ.get("PORT", ""))
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        sys.exit(f"pyserver: set PORT to a port number (got {os.environ.get('PORT', '')!r})")
    HTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
