"""Fetching articles from the web politely and robustly.

``Fetcher(options).fetch_all(urls)`` yields one :class:`~extractor.types.RawDocument` per input
URL (``doc_id`` = the URL as given, ``url`` = the final URL after redirects, ``content`` = the
body, ``encoding`` = the charset of the Content-Type header). Every failure is a document with
``error`` (or, for refusals, ``skip``) set to a one-line reason; nothing raises, nothing is dropped.

HTTP client: urllib3 (already a trafilatura dependency). We do not use
``trafilatura.fetch_url``: it returns ``None`` on failure without saying why, and we need the
reason for every manifest row, a streamed size cap that stops reading, our own redirect loop
(loop detection, robots.txt and address checks on every hop) and connections pinned to the
address we checked (no DNS-rebinding window between the private-address check and connect).

Politeness: every single request (robots.txt, page, retry, redirect hop) passes a per-host
gate: one request at a time per host, and at least ``delay`` seconds (or the site's
``Crawl-delay``, capped) between the end of one request and the start of the next. URLs are
grouped by host; hosts are worked on in parallel by a bounded thread pool. Retry-After and
backoff waits are recorded on the gate, so they hold for every request to that host.

Reasons, as they appear in the manifest ``error`` column:
``HTTP 404 Not Found``, ``timeout (connect)``, ``timeout (read)``, ``too large (...)``,
``not HTML (application/pdf)``, ``redirect loop``, ``too many redirects (> 5)``,
``robots.txt``, ``robots.txt unavailable (HTTP 503 ...)``, ``connection refused``,
``DNS: cannot resolve HOST (...)``, ``private address (HOST -> IP)``, ``invalid URL (...)``.
Refusals (robots.txt, private address, not HTML, duplicate URL) go to ``skip``; the rest to
``error``.
"""

from __future__ import annotations

import codecs
import ipaddress
import logging
import queue
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    HTTPError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from extractor import __version__
from extractor.pagecache import CachedPage, PageCache
from extractor.robots import RobotsRules
from extractor.types import RawDocument

ROBOTS_AGENT = "extractor"  # product token matched against robots.txt User-agent lines
DEFAULT_USER_AGENT = (
    f"{ROBOTS_AGENT}/{__version__} (party-membership figures research tool; urllib3/{urllib3.__version__})"
)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_log = logging.getLogger(__name__)

Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How to fetch. Defaults are the command-line defaults."""

    timeout: float = 30.0  # connect and read timeout, seconds
    delay: float = 1.0  # minimum seconds between requests to the same host
    max_bytes: int = 20_000_000  # body size cap (after content decoding); 20 MB like --max-bytes
    max_redirects: int = 5
    max_attempts: int = 3  # per request, on connection errors, timeouts, 429 and 5xx
    backoff: float = 1.0  # first retry wait; doubles on every further attempt
    max_wait: float = 60.0  # cap on any single wait (backoff, Retry-After, Crawl-delay)
    total_timeout: float = 300.0  # wall-clock cap on one request incl. a trickling body
    respect_robots: bool = True
    allow_private: bool = False  # fetch from loopback/private/link-local addresses
    cache_dir: str | Path | None = None
    max_hosts: int = 8  # hosts fetched in parallel
    user_agent: str = DEFAULT_USER_AGENT
    robots_agent: str = ROBOTS_AGENT
    max_robots_bytes: int = 512 * 1024  # a longer robots.txt is truncated (RFC 9309: >= 500 KiB)
    ca_certs: str | Path | None = None  # CA bundle for https (default: certifi's)


class _Outcome(Exception):
    """A URL that yields no page: ``reason`` for the manifest, ``url`` where it happened."""

    def __init__(self, reason: str, url: str = "") -> None:
        super().__init__(reason)
        self.reason, self.url = reason, url


class _Refused(_Outcome):
    """A policy refusal -> ``RawDocument.skip``."""


class _Failed(_Outcome):
    """A final failure -> ``RawDocument.error``."""


class _Transient(_Failed):
    """A failure worth retrying (connection error, timeout)."""


class _Stopped(Exception):
    """The consumer went away; give up quietly."""


@dataclass(slots=True)
class _Response:
    url: str
    status: int
    reason: str
    headers: Mapping[str, str]  # case-insensitive (urllib3's HTTPHeaderDict)
    body: bytes = b""
    kind: str = "html"


# --------------------------------------------------------------------------- helpers


def system_resolve(host: str, port: int) -> list[str]:
    """All addresses of ``host`` (IP literals included), in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_ADDRCONFIG)
    out: list[str] = []
    for info in infos:
        ip = str(info[4][0])
        if ip not in out:
            out.append(ip)
    return out


def is_public_address(ip: str) -> bool:
    """False for loopback, private, link-local, multicast, reserved and other non-global addresses."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast


def url_problem(url: str) -> str:
    """Why ``url`` cannot be fetched at all ("" when it can)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return f"invalid URL ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        return f"invalid URL (scheme {parts.scheme or 'missing'!r}, need http or https)"
    if not parts.hostname:
        return "invalid URL (no host)"
    return ""


def is_url(value: str) -> bool:
    """True for an ``http://`` or ``https://`` INPUT (as opposed to a file system path)."""
    return value.strip().lower().startswith(("http://", "https://"))


def read_url_list(path: str | Path) -> list[str]:
    """URLs from a ``--urls`` file: one per line; blank lines and ``#`` comments are ignored."""
    urls: list[str] = []
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#"):
                urls.append(line)
    return urls


def charset_of(content_type: str) -> str | None:
    """The charset parameter of a Content-Type value, if it names a codec Python knows."""
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            value = value.strip().strip("\"'").strip()
            try:
                codecs.lookup(value)
            except LookupError:
                return None
            return value.lower() or None
    return None


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds from now (delta-seconds or HTTP-date); None when absent/unparsable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def _host_key(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.rsplit('@', 1)[-1].lower()}"


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


# --------------------------------------------------------------------------- politeness


class HostGate:
    """One request at a time per host, and a minimum pause between requests to a host."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._cond = threading.Condition()
        self._busy: set[str] = set()
        self._not_before: dict[str, float] = {}

    def acquire(self, host: str, stop: threading.Event | None = None) -> None:
        with self._cond:
            while True:
                if stop is not None and stop.is_set():
                    raise _Stopped()
                wait = self._not_before.get(host, 0.0) - self._clock()
                if host not in self._busy and wait <= 0:
                    self._busy.add(host)
                    return
                # wake up at least every 0.2 s to notice ``stop``
                self._cond.wait(timeout=min(max(wait, 0.0) or 0.2, 0.2))

    def release(self, host: str, pause: float) -> None:
        with self._cond:
            self._busy.discard(host)
            self._defer_locked(host, pause)
            self._cond.notify_all()

    def defer(self, host: str, seconds: float) -> None:
        """No request to ``host`` before ``seconds`` from now (backoff, Retry-After)."""
        with self._cond:
            self._defer_locked(host, seconds)
            self._cond.notify_all()

    def _defer_locked(self, host: str, seconds: float) -> None:
        until = self._clock() + seconds
        if until > self._not_before.get(host, 0.0):
            self._not_before[host] = until


# --------------------------------------------------------------------------- the fetcher


@dataclass(slots=True)
class _RobotsEntry:
    lock: threading.Lock = field(default_factory=threading.Lock)
    rules: RobotsRules | None = None
    failure: _Failed | None = None


class Fetcher:
    """Fetches URLs; see the module docstring. Safe to share between threads."""

    def __init__(self, options: FetchOptions | None = None, *, resolve: Resolver | None = None) -> None:
        self.options = options or FetchOptions()
        self._resolve = resolve or system_resolve
        self._gate = HostGate()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._robots: dict[str, _RobotsEntry] = {}
        self._pause: dict[str, float] = {}
        self._cache = PageCache(self.options.cache_dir) if self.options.cache_dir else None

    # ---------------------------------------------------------------- public API

    def fetch(self, url: str) -> RawDocument:
        """Fetch one URL (the caller's thread; politeness still applies). Never raises."""
        problem = url_problem(url)
        if problem:
            return RawDocument(doc_id=url, source=url, url=url, error=problem)
        return self._fetch_valid(url)

    def _fetch_valid(self, url: str) -> RawDocument:
        """:meth:`fetch` for a URL that ``url_problem`` accepted."""
        try:
            return self._fetch(url)
        except _Stopped:
            return RawDocument(doc_id=url, source=url, url=url, error="interrupted")
        except Exception as exc:  # a bug must become a manifest row, not a crashed batch
            return RawDocument(doc_id=url, source=url, url=url, error=f"internal error: {exc!r}")

    def fetch_all(self, urls: Iterable[str]) -> Iterator[RawDocument]:
        """One RawDocument per input URL, in completion order (hosts run in parallel).

        Duplicates of an earlier URL are ``skip``ped, invalid URLs are ``error`` rows.
        Stopping the iteration early stops the workers after their current request.
        """
        groups: dict[str, list[str]] = {}
        seen: set[str] = set()
        for raw in urls:
            url = raw.strip()
            if url in seen:
                yield RawDocument(doc_id=url, source=url, url=url, skip="duplicate URL")
                continue
            seen.add(url)
            problem = url_problem(url)
            if problem:
                yield RawDocument(doc_id=url, source=url, url=url, error=problem)
                continue
            groups.setdefault(_host_key(url), []).append(url)
        if not groups:
            return
        workers = max(1, min(self.options.max_hosts, len(groups)))
        out: queue.Queue[RawDocument] = queue.Queue(maxsize=2 * workers)
        stop = self._stop = threading.Event()

        def work(host_urls: list[str]) -> None:
            for url in host_urls:
                if stop.is_set():
                    return
                doc = self._fetch_valid(url)  # checked above
                while not stop.is_set():
                    try:
                        out.put(doc, timeout=0.2)
                        break
                    except queue.Full:
                        continue

        pending = {u for g in groups.values() for u in g}
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
            futures = [pool.submit(work, g) for g in groups.values()]
            try:
                while pending:
                    try:
                        doc = out.get(timeout=0.2)
                    except queue.Empty:
                        if all(f.done() for f in futures) and out.empty():
                            break
                        continue
                    pending.discard(doc.doc_id)
                    yield doc
                for url in sorted(pending):  # only reachable through a bug in a worker
                    yield RawDocument(doc_id=url, source=url, url=url, error="internal error: not fetched")
            finally:
                stop.set()
                for f in futures:
                    f.cancel()

    # ---------------------------------------------------------------- one URL

    def _fetch(self, url: str) -> RawDocument:
        doc = RawDocument(doc_id=url, source=url, url=url)
        if self._cache is not None:
            hit = self._cache.get(url)
            if hit is not None:
                doc.url, doc.content, doc.kind, doc.encoding = hit.final_url, hit.body, hit.kind, hit.encoding
                return doc
        try:
            resp = self._follow(url, robots=self.options.respect_robots)
        except _Refused as exc:
            doc.skip, doc.url = exc.reason, exc.url or url
            return doc
        except _Failed as exc:
            doc.error, doc.url = exc.reason, exc.url or url
            return doc
        if not 200 <= resp.status < 300:
            doc.error, doc.url = f"HTTP {resp.status} {resp.reason}".strip(), resp.url
            return doc
        doc.url, doc.content, doc.kind = resp.url, resp.body, resp.kind
        doc.encoding = charset_of(resp.headers.get("Content-Type", ""))
        if self._cache is not None:
            self._store(url, resp, doc.encoding)
        return doc

    def _store(self, url: str, resp: _Response, encoding: str | None) -> None:
        assert self._cache is not None
        try:
            self._cache.put(
                CachedPage(
                    requested_url=url,
                    final_url=resp.url,
                    status=resp.status,
                    headers=dict(resp.headers),
                    fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    body=resp.body,
                    kind=resp.kind,
                    encoding=encoding,
                )
            )
        except OSError as exc:  # a full disk must not lose the page we already have
            _log.warning("cannot write %s to the page cache: %s", url, exc)

    def _follow(self, url: str, *, robots: bool, for_robots: bool = False) -> _Response:
        """GET ``url`` following at most ``max_redirects`` redirects."""
        seen = {url}
        current = url
        for _ in range(self.options.max_redirects + 1):
            if robots:
                self._check_robots(current)
            resp = self._request_with_retries(current, for_robots=for_robots)
            location = resp.headers.get("Location", "")
            if resp.status not in _REDIRECTS:
                return resp
            if not location:
                raise _Failed(f"HTTP {resp.status} {resp.reason} without Location".strip(), current)
            nxt = urlunsplit(urlsplit(urljoin(current, location))._replace(fragment=""))
            problem = url_problem(nxt)
            if problem:
                raise _Failed(f"redirect to an unusable URL: {problem}", current)
            if nxt in seen:
                raise _Failed("redirect loop", current)
            seen.add(nxt)
            current = nxt
        raise _Failed(f"too many redirects (> {self.options.max_redirects})", current)

    def _request_with_retries(self, url: str, *, for_robots: bool) -> _Response:
        opts = self.options
        host = _host_key(url)
        for attempt in range(1, opts.max_attempts + 1):
            retry_after: float | None = None
            try:
                resp = self._request_once(url, for_robots=for_robots)
            except _Transient as exc:
                failure: _Failed = exc
            else:
                if resp.status != 429 and resp.status < 500:
                    return resp
                if attempt == opts.max_attempts:
                    return resp  # the caller turns the status into the reason
                failure = _Failed(f"HTTP {resp.status} {resp.reason}".strip(), url)
                retry_after = retry_after_seconds(resp.headers.get("Retry-After"))
            if attempt == opts.max_attempts:
                raise failure
            if retry_after is not None and retry_after > opts.max_wait:
                raise _Failed(f"{failure.reason} (Retry-After {retry_after:.0f} s is too long)", url)
            wait = min(opts.max_wait, max(opts.backoff * 2 ** (attempt - 1), retry_after or 0.0))
            self._gate.defer(host, wait)
        raise AssertionError("unreachable")

    def _address(self, host: str, port: int, url: str) -> str:
        try:
            addrs = self._resolve(host, port)
        except socket.gaierror as exc:
            kind = _Transient if exc.errno == socket.EAI_AGAIN else _Failed
            raise kind(f"DNS: cannot resolve {host} ({exc.strerror or exc})", url) from None
        except (OSError, UnicodeError) as exc:
            raise _Failed(f"DNS: cannot resolve {host} ({exc})", url) from None
        if not addrs:
            raise _Failed(f"DNS: cannot resolve {host} (no address)", url)
        if not self.options.allow_private:
            for ip in addrs:
                if not is_public_address(ip):
                    raise _Refused(f"private address ({host} -> {ip})", url)
        return addrs[0]

    def _request_once(self, url: str, *, for_robots: bool) -> _Response:
        """One GET, no redirects followed; reads the body of a 2xx page that is worth reading."""
        opts = self.options
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        hostname = _ascii_host(parts.hostname or "", url)
        port = parts.port or _default_port(scheme)
        ip = self._address(hostname, port, url)
        host = hostname.lower()
        host_header = f"[{hostname}]" if ":" in hostname else hostname
        headers = {
            "Host": host_header if parts.port is None else f"{host_header}:{parts.port}",
            "User-Agent": opts.user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1",
            "Accept-Encoding": "gzip, deflate",
        }
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        timeout = urllib3.Timeout(connect=opts.timeout, read=opts.timeout)
        self._gate.acquire(host, self._stop)
        try:
            pool = _connection_pool(scheme, ip, port, hostname, timeout, opts.ca_certs)
            try:
                return self._exchange(pool, path, headers, url, for_robots=for_robots)
            finally:
                pool.close()
        finally:
            self._gate.release(host, self._pause_for(host))

    def _exchange(
        self, pool: urllib3.HTTPConnectionPool, path: str, headers: dict[str, str], url: str, *, for_robots: bool
    ) -> _Response:
        opts = self.options
        started = time.monotonic()
        try:
            raw = pool.urlopen(
                "GET", path, headers=headers, redirect=False, retries=False,
                preload_content=False, assert_same_host=False, release_conn=False,
            )  # fmt: skip
        except Exception as exc:
            raise _network_failure(exc, url) from None
        try:
            resp = _Response(url, raw.status, raw.reason or "", raw.headers)
            if 200 <= raw.status < 300:
                if for_robots:
                    resp.body = self._read(raw, url, opts.max_robots_bytes, started, truncate=True)
                else:
                    resp.kind = _kind_of(resp.headers.get("Content-Type", ""), url)
                    resp.body = self._read(raw, url, opts.max_bytes, started, truncate=False)
            return resp
        finally:
            raw.close()  # closes the connection: unread bytes are never downloaded

    def _read(self, raw: urllib3.BaseHTTPResponse, url: str, cap: int, started: float, *, truncate: bool) -> bytes:
        declared = raw.headers.get("Content-Length", "")
        if not truncate and declared.isdigit() and int(declared) > cap:
            raise _Failed(f"too large (Content-Length {int(declared)} > {cap} bytes)", url)
        chunks: list[bytes] = []
        total = 0
        try:
            for chunk in raw.stream(_CHUNK, decode_content=True):
                total += len(chunk)
                if total > cap:
                    if truncate:
                        chunks.append(chunk[: len(chunk) - (total - cap)])
                        break
                    raise _Failed(f"too large (more than {cap} bytes)", url)
                chunks.append(chunk)
                if self._stop.is_set():
                    raise _Stopped()
                if time.monotonic() - started > self.options.total_timeout:
                    raise _Transient(f"timeout (total {self.options.total_timeout:g} s)", url)
        except DecodeError as exc:
            raise _Failed(f"content decoding error ({exc})", url) from None
        except (_Failed, _Stopped):
            raise
        except Exception as exc:
            raise _network_failure(exc, url) from None
        return b"".join(chunks)

    # ---------------------------------------------------------------- robots.txt

    def _check_robots(self, url: str) -> None:
        origin = _origin(url)
        with self._lock:
            entry = self._robots.setdefault(origin, _RobotsEntry())
        with entry.lock:  # one robots.txt fetch per origin, even across threads
            if entry.rules is None and entry.failure is None:
                try:
                    entry.rules = self._load_robots(origin)
                except _Failed as exc:
                    entry.failure = exc
        if entry.failure is not None:
            raise _Failed(f"{entry.failure.reason} (fetching robots.txt)", url)
        rules = entry.rules
        assert rules is not None
        if rules.crawl_delay is not None:
            with self._lock:
                host = _host_key(url)
                self._pause[host] = max(self._pause.get(host, 0.0), min(rules.crawl_delay, self.options.max_wait))
        if not rules.allows(url):
            raise _Refused(rules.reason or "robots.txt", url)

    def _load_robots(self, origin: str) -> RobotsRules:
        resp = self._follow(origin + "/robots.txt", robots=False, for_robots=True)
        if 200 <= resp.status < 300:
            return RobotsRules.parse(resp.body.decode("utf-8", errors="replace"), self.options.robots_agent)
        if 400 <= resp.status < 500:
            return RobotsRules.allow_all()  # RFC 9309 2.3.1.3: unavailable -> no restrictions
        return RobotsRules.disallow_all(f"robots.txt unavailable (HTTP {resp.status} {resp.reason})".strip())

    def _pause_for(self, host: str) -> float:
        with self._lock:
            return max(self.options.delay, self._pause.get(host, 0.0))


def _ascii_host(hostname: str, url: str) -> str:
    """IDNA form of an internationalised host name (``bücher.de`` -> ``xn--bcher-kva.de``)."""
    if hostname.isascii():
        return hostname
    try:
        return hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise _Failed(f"invalid URL (host name {hostname!r})", url) from None


def _kind_of(content_type: str, url: str) -> str:
    mime = content_type.split(";", 1)[0].strip().lower()
    if not mime or mime in _HTML_TYPES:
        return "html"
    if mime in _TEXT_TYPES:
        return "text"
    raise _Refused(f"not HTML ({mime})", url)


def _network_failure(exc: BaseException, url: str) -> _Failed:
    """Map a urllib3/socket exception to a one-line reason (retryable unless TLS)."""
    if isinstance(exc, SSLError):
        return _Failed(f"TLS error ({exc})", url)
    if isinstance(exc, NewConnectionError):
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, ConnectionRefusedError):
            return _Transient("connection refused", url)
        return _Transient(f"connection error ({cause or exc})", url)
    if isinstance(exc, ConnectTimeoutError):
        return _Transient("timeout (connect)", url)
    if isinstance(exc, (ReadTimeoutError, TimeoutError, socket.timeout)):
        return _Transient("timeout (read)", url)
    if isinstance(exc, ProtocolError):
        return _Transient(f"connection error ({exc})", url)
    if isinstance(exc, (HTTPError, OSError)):
        return _Transient(f"connection error ({exc})", url)
    return _Failed(f"internal error: {exc!r}", url)


def _connection_pool(
    scheme: str, ip: str, port: int, hostname: str, timeout: urllib3.Timeout, ca_certs: str | Path | None
) -> urllib3.HTTPConnectionPool:
    """A one-connection pool to the address we checked; TLS still verifies ``hostname``."""
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            ip, port, timeout=timeout, retries=False, maxsize=1,
            cert_reqs="CERT_REQUIRED", ca_certs=str(ca_certs) if ca_certs else _ca_bundle(),
            assert_hostname=hostname, server_hostname=hostname,
        )  # fmt: skip
    return urllib3.HTTPConnectionPool(ip, port, timeout=timeout, retries=False, maxsize=1)


def _ca_bundle() -> str | None:
    try:
        import certifi  # trafilatura dependency; the system store may be missing in containers
    except ImportError:  # pragma: no cover
        return None
    return str(certifi.where())


__all__ = [
    "DEFAULT_USER_AGENT",
    "FetchOptions",
    "Fetcher",
    "HostGate",
    "charset_of",
    "is_public_address",
    "is_url",
    "read_url_list",
    "retry_after_seconds",
    "system_resolve",
    "url_problem",
]
