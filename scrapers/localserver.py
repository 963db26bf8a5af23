"""A small threaded HTTP server on 127.0.0.1 serving fixed responses or a folder of files.

Used by the tests (fixtures and fault injection) and by `crm demo`, so it ships in the package.
Routes map a path (optionally with its query string) to a `Reply`, or to a callable that receives
the request handler and returns a `Reply`, or None when it wrote (or broke) the connection itself.
"""

from __future__ import annotations

import mimetypes
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Union
from urllib.parse import urlsplit


@dataclass
class Reply:
    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


@dataclass(frozen=True)
class Received:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""


Handler = Callable[[BaseHTTPRequestHandler], Union[Reply, None]]
Route = Union[Reply, Handler]


class _QuietServer(ThreadingHTTPServer):
    """Connection errors (a client that hung up on a fault route) are expected, not printed to stderr."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class LocalServer:
    """`with LocalServer({"/": Reply("<html>..")}) as site: site.url("/")`."""

    def __init__(self, routes: dict[str, Route] | None = None, root: Path | str | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.root = Path(root) if root else None
        self.requests: list[str] = []  # every path+query asked for, in order
        self.received: list[Received] = []  # the same requests with method, headers and body
        self._lock = threading.Lock()
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            disable_nagle_algorithm = True  # TCP_NODELAY: no 40 ms stall per keep-alive reply

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                server._serve(self)

            def do_HEAD(self) -> None:  # noqa: N802
                server._serve(self, head=True)

            def do_POST(self) -> None:  # noqa: N802
                server._serve(self)

        self._httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def start(self) -> "LocalServer":
        # A short poll keeps stop() quick (the default half-second adds up over hundreds of tests).
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "LocalServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _find(self, raw_path: str) -> Route | None:
        if raw_path in self.routes:
            return self.routes[raw_path]
        path = urlsplit(raw_path).path
        if path in self.routes:
            return self.routes[path]
        if self.root is not None:
            rel = path.lstrip("/")
            candidates = [rel, rel.rstrip("/") + "/index.html", rel + ".html"] if rel else ["index.html"]
            for name in candidates:
                file = (self.root / name).resolve()
                if file.is_file() and self.root.resolve() in file.parents:
                    ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                    if ctype.startswith("text/") or ctype in ("application/json", "application/xml"):
                        ctype += "; charset=utf-8"
                    return Reply(file.read_bytes(), content_type=ctype)
        return None

    def _serve(self, handler: BaseHTTPRequestHandler, head: bool = False) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        with self._lock:
            self.requests.append(handler.path)
            self.received.append(Received(handler.command, handler.path, dict(handler.headers.items()), body))
        route = self._find(handler.path)
        if route is None:
            reply: Reply | None = Reply("<html><body><h1>Not Found</h1></body></html>", status=404)
        elif isinstance(route, Reply):
            reply = route
        else:
            reply = route(handler)
        if reply is None:
            return
        body = reply.encoded()
        handler.send_response(reply.status)
        handler.send_header("Content-Type", reply.content_type)
        handler.send_header("Content-Length", str(len(body)))
        for key, value in reply.headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        if not head:
            handler.wfile.write(body)
