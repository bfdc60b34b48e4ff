"""The JSON endpoint on Python's standard library server: http.server's ThreadingHTTPServer,
with HTTP/1.1 keep-alive, TCP_NODELAY and no request log.

Usage: python3 python_stdlib.py <port>
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; the default HTTP/1.0 closes every connection
    # Headers and body go out in separate writes; without TCP_NODELAY each response then
    # waits for the client's delayed ACK (about 40 ms). This is the documented switch.
    disable_nagle_algorithm = True

    def do_GET(self):
        if self.path != "/json":
            self.send_error(404)
            return
        body = json.dumps({"message": "Hello, World!"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # no per-request log, as in TechEmpower's rules


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
