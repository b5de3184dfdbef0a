"""A real HTTP server on 127.0.0.1 (random port) for the fetch tests.

It serves good article pages, every kind of failure the fetcher must report, and records each
request it receives (time, path, Host, User-Agent) and how many body bytes it managed to send.
No test touches the internet; everything here runs on the loopback interface.
"""

from __future__ import annotations

import gzip
import ssl
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

NL_TEXT = (
    "In 2024 stelde het Provinciaal Partijcomité de ondergeschikte partijcomités als doel 3.411 nieuwe "
    "partijleden op te leiden. Dankzij resolute en gecoördineerde oplossingen hebben veel partijcomités "
    "hun doelstellingen binnen acht maanden behaald.",
    "In 2024 kreeg het partijcomité van de stad Mong Cai de doelstelling om 195 nieuwe partijleden aan te "
    "nemen, een toename van 20 leden ten opzichte van het voorgaande jaar. Om deze doelstelling te "
    "bereiken, stelde het partijcomité quota vast voor zijn ondergeschikte partijafdelingen en -comités.",
    "Partijcomités op alle niveaus ontwikkelden proactief plannen om potentiële partijleden te "
    "identificeren en te begeleiden, en organiseerden opleidingen over de partij voor de kandidaten.",
)

DE_TEXT = (
    "Die Entwicklung von Parteimitgliedern spielt beim Parteiaufbau eine wichtige Rolle. Daher hat sich "
    "das Parteikomitee der Stadt Uong Bi in den letzten Jahren auf die Umsetzung zahlreicher Lösungen "
    "konzentriert, um herausragende Persönlichkeiten in Dörfern und Nachbarschaften zu gewinnen.",
    "„Auf Grundlage des Beschlusses des Parteikomitees der Stadt hat das Parteikomitee des Bezirks "
    "Bac Son einen spezifischen Plan entwickelt“, sagte Herr Tien Thanh Son – der ständige "
    "stellvertretende Sekretär.",
    "Seit Jahresbeginn hat das Parteikomitee der Stadt Uong Bi 295 Parteimitglieder in Dörfern und "
    "Wohngebieten aufgenommen und damit 102 % des zugewiesenen Plans erreicht. Dies gewährleistet eine "
    "kontinuierliche Nachfolge und Entwicklung der Parteibasisorganisationen.",
)

ROBOTS_TXT = b"User-agent: *\nDisallow: /private/\n"
HUGE_BYTES = 60 * 1024 * 1024


def article_html(title: str, paragraphs: tuple[str, ...], lang: str, published: str, charset_meta: bool) -> str:
    meta = '<meta charset="utf-8">' if charset_meta else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{meta}<title>{title}</title>'
        f'<meta property="article:published_time" content="{published}">'
        f'<meta name="date" content="{published}"></head>'
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>\n{body}\n</article>"
        f"<footer>Vietnam.vn</footer></body></html>"
    )


NL_PAGE = article_html(
    "Oplossingen voor het ontwikkelen van nieuwe partijleden", NL_TEXT, "nl", "2024-09-16", True
).encode("utf-8")
# windows-1252 bytes and NO charset anywhere: neither in Content-Type nor in a <meta>
DE_CP1252_PAGE = article_html(
    "Parteientwicklung in Wohngebieten der Stadt Uong Bi", DE_TEXT, "de", "2024-09-10", False
).encode("windows-1252")


@dataclass(frozen=True, slots=True)
class SeenRequest:
    at: float  # time.monotonic() when the request line had been read
    path: str
    host: str
    user_agent: str


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep pytest output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        path = urlsplit(self.path).path
        srv = self.server
        with srv.lock:
            n = sum(1 for r in srv.seen if r.path == path) + 1
            srv.seen.append(
                SeenRequest(time.monotonic(), path, self.headers.get("Host", ""), self.headers.get("User-Agent", ""))
            )
        route = _ROUTES.get(path)
        if route is None and path.startswith("/chain/"):
            route = _chain
        if route is None and path.startswith("/private/"):
            route = _nl_page
        (route or _not_found)(self, n)

    # helpers -----------------------------------------------------------
    def send(self, status: int, body: bytes, ctype: str | None = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send(status, b"", Location=location)

    def stream_huge(self, declare_length: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if declare_length:
            self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
        sent = 0
        try:
            while sent < HUGE_BYTES:
                self.wfile.write(chunk)
                sent += len(chunk)
                with self.server.lock:
                    self.server.body_bytes[self.path] = sent
        except OSError:  # the client hung up, as it should
            pass


def _robots(h: _Handler, n: int) -> None:
    h.send(h.server.robots_status, h.server.robots_txt, "text/plain")


def _nl_page(h: _Handler, n: int) -> None:
    h.send(200, NL_PAGE)


def _de_cp1252(h: _Handler, n: int) -> None:
    h.send(200, DE_CP1252_PAGE, "text/html")


def _not_found(h: _Handler, n: int) -> None:
    h.send(404, b"<html><body>not here</body></html>")


def _always_500(h: _Handler, n: int) -> None:
    h.send(500, b"<html><body>boom</body></html>")


def _flaky(h: _Handler, n: int) -> None:  # 503 (Retry-After: 1) once, then the page
    if n == 1:
        h.send(503, b"busy", "text/plain", Retry_After="1")
    else:
        h.send(200, NL_PAGE)


def _rate_limited(h: _Handler, n: int) -> None:  # 429 twice, then the page
    if n <= 2:
        h.send(429, b"slow down", "text/plain")
    else:
        h.send(200, NL_PAGE)


def _slow(h: _Handler, n: int) -> None:
    time.sleep(h.server.slow_seconds)
    try:
        h.send(200, NL_PAGE)
    except OSError:
        pass


def _loop_a(h: _Handler, n: int) -> None:
    h.redirect("/loop-b")


def _loop_b(h: _Handler, n: int) -> None:
    h.redirect("/loop-a")


def _chain(h: _Handler, n: int) -> None:  # /chain/k -> /chain/k+1 ... forever
    k = int(h.path.rsplit("/", 1)[-1] or 0)
    h.redirect(f"/chain/{k + 1}")


def _moved(h: _Handler, n: int) -> None:
    h.redirect("/nl.html", 301)


def _huge(h: _Handler, n: int) -> None:
    h.stream_huge(declare_length=True)


def _huge_stream(h: _Handler, n: int) -> None:
    h.stream_huge(declare_length=False)


def _pdf(h: _Handler, n: int) -> None:
    h.send(200, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "application/pdf")


def _gzip_page(h: _Handler, n: int) -> None:
    h.send(200, gzip.compress(NL_PAGE), Content_Encoding="gzip")


def _gzip_bomb(h: _Handler, n: int) -> None:  # 2 MB of zeros in a few kB
    h.send(200, gzip.compress(b"0" * 2_000_000), Content_Encoding="gzip")


def _text(h: _Handler, n: int) -> None:
    h.send(200, "\n\n".join(NL_TEXT).encode("utf-8"), "text/plain; charset=utf-8")


_ROUTES = {
    "/robots.txt": _robots,
    "/nl.html": _nl_page,
    "/nl-2.html": _nl_page,
    "/nl-3.html": _nl_page,
    "/de-cp1252.html": _de_cp1252,
    "/missing.html": _not_found,
    "/error.html": _always_500,
    "/flaky.html": _flaky,
    "/rate-limited.html": _rate_limited,
    "/slow.html": _slow,
    "/loop-a": _loop_a,
    "/loop-b": _loop_b,
    "/moved": _moved,
    "/huge.html": _huge,
    "/huge-stream.html": _huge_stream,
    "/report.pdf": _pdf,
    "/article.txt": _text,
    "/gzip.html": _gzip_page,
    "/gzip-bomb.html": _gzip_bomb,
}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.seen: list[SeenRequest] = []
        self.body_bytes: dict[str, int] = {}
        self.slow_seconds = 1.5
        self.robots_txt = ROBOTS_TXT
        self.robots_status = 200


class TestServer:
    """``with TestServer() as srv: srv.url("/nl.html")``; ``srv.count("/x")``, ``srv.requests()``."""

    __test__ = False  # not a pytest test class

    def __init__(self, tls: tuple[str, str] | None = None) -> None:
        """``tls=(certfile, keyfile)`` serves https instead of http."""
        self._server = _Server()
        self.scheme = "http"
        if tls is not None:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            self._server.socket = ctx.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> TestServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def set_robots(self, text: str, status: int = 200) -> None:
        self._server.robots_txt = text.encode("utf-8")
        self._server.robots_status = status

    def set_slow_seconds(self, seconds: float) -> None:
        self._server.slow_seconds = seconds

    def requests(self, path: str | None = None, host: str | None = None) -> list[SeenRequest]:
        with self._server.lock:
            seen = list(self._server.seen)
        return [
            r for r in seen if (path is None or r.path == path) and (host is None or r.host.split(":")[0] == host)
        ]

    def count(self, path: str | None = None) -> int:
        return len(self.requests(path))

    def body_bytes_sent(self, path: str) -> int:
        with self._server.lock:
            return self._server.body_bytes.get(path, 0)
