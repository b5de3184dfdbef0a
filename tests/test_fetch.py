"""The fetch layer against a real HTTP server on 127.0.0.1 (tests/httpserver.py).

Small delays/timeouts keep the suite fast: delay 0.05 s, timeout 0.5 s against a 1.5 s slow page.
"""

from __future__ import annotations

import csv
import json
import shutil
import socket
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from extractor.fetch import (
    DEFAULT_USER_AGENT,
    FetchOptions,
    Fetcher,
    charset_of,
    is_public_address,
    read_url_list,
    retry_after_seconds,
    url_problem,
)
from extractor.pagecache import PageCache, read_sidecar, url_key
from extractor.robots import RobotsRules
from extractor.types import RawDocument
from httpserver import DE_CP1252_PAGE, HUGE_BYTES, NL_PAGE, TestServer  # tests/ is on sys.path (conftest)

FAST = FetchOptions(timeout=0.5, delay=0.05, backoff=0.05, max_wait=2.0, allow_private=True)


@pytest.fixture
def server():
    with TestServer() as srv:
        yield srv


def fetch_all(urls: list[str], options: FetchOptions = FAST, **kw) -> dict[str, RawDocument]:
    docs = list(Fetcher(options, **kw).fetch_all(urls))
    assert len(docs) == len(urls), "one RawDocument per input URL"
    return {d.doc_id: d for d in docs}


def fetch_one(url: str, options: FetchOptions = FAST, **kw) -> RawDocument:
    return fetch_all([url], options, **kw)[url]


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:])]


def fake_dns(names: dict[str, str]):
    def resolve(host: str, port: int) -> list[str]:
        if host in names:
            return [names[host]]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    return resolve


# ----------------------------------------------------------------------------- good pages


def test_good_page_bytes_final_url_charset_and_user_agent(server):
    url = server.url("/nl.html")
    doc = fetch_one(url)
    assert (doc.error, doc.skip) == ("", "")
    assert doc.content == NL_PAGE
    assert (doc.doc_id, doc.source, doc.url, doc.kind, doc.encoding) == (url, url, url, "html", "utf-8")
    assert [r.path for r in server.requests()] == ["/robots.txt", "/nl.html"]
    agent = server.requests("/nl.html")[0].user_agent
    assert agent == DEFAULT_USER_AGENT and agent.startswith("extractor/0.1.0 ")


def test_redirect_gives_final_url_and_keeps_doc_id(server):
    doc = fetch_one(server.url("/moved"))
    assert doc.error == "" and doc.content == NL_PAGE
    assert doc.doc_id == server.url("/moved")
    assert doc.url == server.url("/nl.html")


def test_windows_1252_page_without_declared_charset_is_passed_on_byte_exact(server):
    doc = fetch_one(server.url("/de-cp1252.html"))
    assert doc.error == ""
    assert doc.content == DE_CP1252_PAGE
    assert doc.encoding is None  # nothing declared: charset detection is extract.py's job
    assert "Dörfern".encode("windows-1252") in doc.content


def test_international_host_names_and_non_ascii_paths(server):
    resolve = fake_dns({"xn--bcher-kva.test": "127.0.0.1"})
    doc = fetch_one(server.url("/nl.html", host="bücher.test"), resolve=resolve)
    assert doc.error == "" and doc.content == NL_PAGE
    assert server.requests("/nl.html")[0].host == f"xn--bcher-kva.test:{server.port}"
    doc = fetch_one(server.url("/café menu.html"))
    assert doc.error == "HTTP 404 Not Found"
    assert server.count("/caf%C3%A9%20menu.html") == 1


def test_plain_text_page_is_kind_text(server):
    doc = fetch_one(server.url("/article.txt"))
    assert (doc.error, doc.kind, doc.encoding) == ("", "text", "utf-8")
    assert b"195 nieuwe partijleden" in doc.content


# ----------------------------------------------------------------------------- failures -> rows


@pytest.mark.parametrize(
    ("path", "field", "reason", "requests"),
    [
        ("/missing.html", "error", "HTTP 404 Not Found", {"/missing.html": 1}),  # 4xx: never retried
        ("/error.html", "error", "HTTP 500 Internal Server Error", {"/error.html": 3}),  # 3 attempts
        ("/slow.html", "error", "timeout (read)", {"/slow.html": 3}),
        ("/loop-a", "error", "redirect loop", {"/loop-a": 1, "/loop-b": 1}),
        ("/chain/0", "error", "too many redirects (> 5)", {f"/chain/{k}": 1 for k in range(6)}),
        ("/huge.html", "error", f"too large (Content-Length {HUGE_BYTES} > 20000000 bytes)", {"/huge.html": 1}),
        ("/huge-stream.html", "error", "too large (more than 20000000 bytes)", {"/huge-stream.html": 1}),
        ("/report.pdf", "skip", "not HTML (application/pdf)", {"/report.pdf": 1}),
        ("/private/secret.html", "skip", "robots.txt", {"/private/secret.html": 0}),
    ],
)
def test_each_failure_is_one_row_with_the_reason(server, path, field, reason, requests):
    doc = fetch_one(server.url(path))
    other = "skip" if field == "error" else "error"
    assert getattr(doc, field) == reason
    assert getattr(doc, other) == ""
    assert doc.content is None
    for p, n in requests.items():
        assert server.count(p) == n, p
    assert server.count("/robots.txt") == 1


def test_too_large_stops_reading(server):
    fetch_all([server.url("/huge.html"), server.url("/huge-stream.html")])
    # declared length: nothing but what the kernel buffers took; streamed: stopped soon after the cap
    assert server.body_bytes_sent("/huge.html") < 20_000_000
    assert server.body_bytes_sent("/huge-stream.html") < 40_000_000


def test_gzip_is_decoded_and_the_cap_applies_to_decoded_bytes(server):
    small = replace(FAST, max_bytes=1_000_000)
    docs = fetch_all([server.url("/gzip.html"), server.url("/gzip-bomb.html")], small)
    assert docs[server.url("/gzip.html")].content == NL_PAGE
    assert docs[server.url("/gzip-bomb.html")].error == "too large (more than 1000000 bytes)"


def test_503_then_200_is_retried_after_retry_after(server):
    doc = fetch_one(server.url("/flaky.html"))
    assert doc.error == "" and doc.content == NL_PAGE
    times = [r.at for r in server.requests("/flaky.html")]
    assert len(times) == 2
    assert gaps(times)[0] >= 1.0  # Retry-After: 1 (cap 2 s) wins over the 0.05 s backoff


def test_retry_after_longer_than_the_cap_gives_up_at_once(server):
    doc = fetch_one(server.url("/flaky.html"), replace(FAST, max_wait=0.5))
    assert doc.error == "HTTP 503 Service Unavailable (Retry-After 1 s is too long)"
    assert server.count("/flaky.html") == 1


@pytest.mark.parametrize(("attempts", "error", "requests"), [(3, "", 3), (2, "HTTP 429 Too Many Requests", 2)])
def test_429_is_retried_and_bounded(server, attempts, error, requests):
    # the server answers 429 twice, then the page
    doc = fetch_one(server.url("/rate-limited.html"), replace(FAST, max_attempts=attempts))
    assert doc.error == error
    assert server.count("/rate-limited.html") == requests


def test_connection_refused():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    doc = fetch_one(f"http://127.0.0.1:{port}/nl.html")
    assert doc.error == "connection refused (fetching robots.txt)"
    doc = fetch_one(f"http://127.0.0.1:{port}/nl.html", replace(FAST, respect_robots=False))
    assert doc.error == "connection refused"


def test_dns_failure_is_a_row():
    doc = fetch_one("http://no-such-host.test/a.html", resolve=fake_dns({}))
    assert doc.error.startswith("DNS: cannot resolve no-such-host.test")
    assert doc.skip == ""


def test_private_addresses_are_refused_by_default(server):
    doc = fetch_one(server.url("/nl.html"), replace(FAST, allow_private=False))
    assert doc.skip == "private address (127.0.0.1 -> 127.0.0.1)"
    assert doc.error == "" and doc.content is None
    assert server.count() == 0  # not even robots.txt


def test_a_public_name_resolving_to_a_private_address_is_refused(server):
    resolve = fake_dns({"news.example": "127.0.0.1"})
    doc = fetch_one(server.url("/nl.html", host="news.example"), replace(FAST, allow_private=False), resolve=resolve)
    assert doc.skip == "private address (news.example -> 127.0.0.1)"
    assert server.count() == 0


@pytest.mark.parametrize(
    ("ip", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
    ],
)
def test_is_public_address(ip, public):
    assert is_public_address(ip) is public


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a throw-away certificate")
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
         "-subj", "/CN=news.test", "-addext", "subjectAltName=DNS:news.test"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return str(cert), str(key)


def test_https_is_pinned_to_the_checked_address_and_verifies_the_name(tls_files):
    resolve = fake_dns({"news.test": "127.0.0.1", "other.test": "127.0.0.1"})
    with TestServer(tls=tls_files) as srv:
        trusted = replace(FAST, ca_certs=tls_files[0])
        doc = fetch_one(srv.url("/nl.html", host="news.test"), trusted, resolve=resolve)
        assert (doc.error, doc.content) == ("", NL_PAGE)
        assert srv.requests("/nl.html")[0].host == f"news.test:{srv.port}"
        # the certificate is for news.test, not other.test; and not trusted without our CA file
        assert fetch_one(srv.url("/nl.html", host="other.test"), trusted, resolve=resolve).error.startswith(
            "TLS error"
        )
        untrusted = fetch_one(srv.url("/nl.html", host="news.test"), resolve=resolve)
        assert untrusted.error.startswith("TLS error") and "certificate verify failed" in untrusted.error
        assert srv.count("/nl.html") == 1


# ----------------------------------------------------------------------------- robots.txt


def test_ignore_robots_fetches_disallowed_page_and_no_robots_txt(server):
    doc = fetch_one(server.url("/private/secret.html"), replace(FAST, respect_robots=False))
    assert doc.error == "" and doc.skip == "" and doc.content == NL_PAGE
    assert server.count("/robots.txt") == 0


def test_robots_txt_404_allows_everything(server):
    server.set_robots("not found", status=404)
    assert fetch_one(server.url("/private/secret.html")).content == NL_PAGE


def test_robots_txt_5xx_disallows_everything(server):
    server.set_robots("down", status=503)
    doc = fetch_one(server.url("/nl.html"))
    assert doc.skip == "robots.txt unavailable (HTTP 503 Service Unavailable)"
    assert server.count("/robots.txt") == 3 and server.count("/nl.html") == 0


def test_robots_txt_fetched_once_per_host_and_crawl_delay_honoured(server):
    server.set_robots("User-agent: *\nCrawl-delay: 0.3\nDisallow: /private/\n")
    urls = [server.url(p) for p in ("/nl.html", "/nl-2.html", "/nl-3.html", "/private/a.html")]
    docs = fetch_all(urls)
    assert docs[urls[3]].skip == "robots.txt"
    assert server.count("/robots.txt") == 1 and server.count("/private/a.html") == 0
    pages = [r.at for r in server.requests() if r.path != "/robots.txt"]
    assert len(pages) == 3 and min(gaps(pages)) >= 0.3


@pytest.mark.parametrize(
    ("robots", "path", "allowed"),
    [
        ("User-agent: *\nDisallow: /\nAllow: /news/\n", "/news/a.html", True),  # longest match, not first
        ("User-agent: *\nDisallow: /\nAllow: /news/\n", "/sport/a.html", False),
        ("User-agent: *\nDisallow: /*.pdf$\n", "/files/report.pdf", False),
        ("User-agent: *\nDisallow: /*.pdf$\n", "/files/report.pdf.html", True),
        ("User-agent: *\nDisallow: /a\nAllow: /a\n", "/a/b", True),  # tie: allow wins
        ("User-agent: *\nDisallow:\n", "/x", True),
        ("User-agent: other\nDisallow: /\n", "/x", True),
        ("User-agent: Extractor/2.0\nDisallow: /x\n\nUser-agent: *\nDisallow: /\n", "/y", True),
        ("User-agent: extractor\nDisallow: /x\n\nUser-agent: *\nDisallow: /\n", "/x/1", False),
        ("User-agent: *\nDisallow: /caf%C3%A9\n", "/café/menu", False),
        ("User-agent: *\nDisallow: /%7Euser\n", "/~user/page", False),
        ("User-agent: *\nDisallow: /search?q=\n", "/search?q=party", False),
        ("User-agent: *\nDisallow: /\n", "/robots.txt", True),
    ],
)
def test_robots_rules(robots, path, allowed):
    assert RobotsRules.parse(robots, "extractor").allows("http://h" + path) is allowed


# ----------------------------------------------------------------------------- politeness


def test_requests_to_one_host_are_spaced_by_delay(server):
    urls = [server.url(p) for p in ("/nl.html", "/nl-2.html", "/missing.html", "/nl-3.html")]
    docs = fetch_all(urls, replace(FAST, delay=0.3))
    assert [docs[u].error for u in urls] == ["", "", "HTTP 404 Not Found", ""]
    times = [r.at for r in server.requests()]
    assert len(times) == 5  # robots.txt + 4 pages
    assert min(gaps(times)) >= 0.3


def test_different_hosts_run_in_parallel_and_each_is_spaced(server):
    resolve = fake_dns({"a.test": "127.0.0.1", "b.test": "127.0.0.1"})
    urls = [server.url(p, host=h) for h in ("a.test", "b.test") for p in ("/nl.html", "/nl-2.html", "/nl-3.html")]
    docs = fetch_all(urls, replace(FAST, delay=0.3), resolve=resolve)
    assert all(d.error == "" and d.content == NL_PAGE for d in docs.values())
    a = [r.at for r in server.requests(host="a.test")]
    b = [r.at for r in server.requests(host="b.test")]
    assert len(a) == len(b) == 4
    assert min(gaps(a)) >= 0.3 and min(gaps(b)) >= 0.3
    assert b[0] < a[-1] and a[0] < b[-1]  # interleaved, not one host after the other


def test_retry_waits_hold_for_the_whole_host(server):
    urls = [server.url("/flaky.html"), server.url("/nl.html")]
    fetch_all(urls)
    first_503 = server.requests("/flaky.html")[0].at
    later = [r.at for r in server.requests() if r.at > first_503]
    assert later and min(later) - first_503 >= 1.0  # nothing goes to the host during Retry-After


# ----------------------------------------------------------------------------- cache


def test_cache_rerun_reads_from_disk_and_is_an_input_directory(server, tmp_path):
    opts = replace(FAST, cache_dir=tmp_path / "cache")
    urls = [server.url(p) for p in ("/nl.html", "/moved", "/de-cp1252.html", "/missing.html")]
    first = fetch_all(urls, opts)
    n = server.count()
    assert n == 6  # robots.txt, nl, moved -> nl.html, de, missing
    second = fetch_all(urls, opts)
    # only the 404 again (failures are not cached), and robots.txt for it
    assert sorted(r.path for r in server.requests()[n:]) == ["/missing.html", "/robots.txt"]
    for u in urls[:3]:
        assert (second[u].content, second[u].url, second[u].encoding, second[u].kind) == (
            first[u].content,
            first[u].url,
            first[u].encoding,
            first[u].kind,
        )
    assert second[urls[3]].error == "HTTP 404 Not Found"

    bodies = sorted((tmp_path / "cache").rglob("*.html"))
    assert len(bodies) == 3 and all(p.parent.name == f"127.0.0.1_{server.port}" for p in bodies)
    metas = {m["requested_url"]: m for m in (read_sidecar(p) for p in bodies)}
    moved = metas[server.url("/moved")]
    assert moved["final_url"] == server.url("/nl.html")
    assert moved["status"] == 200 and moved["fetched_at"].endswith("+00:00")
    assert moved["headers"]["Content-Type"] == "text/html; charset=utf-8"
    assert metas[server.url("/de-cp1252.html")]["encoding"] is None
    assert len(list((tmp_path / "cache").rglob("*.meta.json"))) == 3


def test_cache_ignores_incomplete_entries(tmp_path):
    cache = PageCache(tmp_path)
    assert cache.get("http://example.org/a") is None
    key = url_key("http://example.org/a")
    sidecar = json.dumps({"requested_url": "http://example.org/a", "body": f"{key}.html"})
    target = tmp_path / "example.org"
    target.mkdir()
    (target / f"{key}.meta.json").write_text(sidecar, encoding="utf-8")
    assert cache.get("http://example.org/a") is None  # sidecar without its body
    (target / f"{key}.html").write_bytes(b"<p>x</p>")
    assert cache.get("http://example.org/a").body == b"<p>x</p>"
    assert cache.get("http://example.org/b") is None
    # a sidecar is only believed for the body it names
    (target / "other.html").write_bytes(b"<p>y</p>")
    (target / "other.meta.json").write_text(sidecar, encoding="utf-8")
    assert read_sidecar(target / "other.html") is None


# ----------------------------------------------------------------------------- fetch_all contract


def test_fetch_all_one_row_per_input_including_bad_input(server):
    good = server.url("/nl.html")
    urls = [good, "ftp://example.org/x", "not a url", good, "http://:80/"]
    docs = list(Fetcher(FAST).fetch_all(urls))
    assert len(docs) == 5
    by_id: dict[str, list[RawDocument]] = {}
    for d in docs:
        by_id.setdefault(d.doc_id, []).append(d)
    assert sorted((d.skip, d.error) for d in by_id[good]) == [("", ""), ("duplicate URL", "")]
    assert by_id["ftp://example.org/x"][0].error == "invalid URL (scheme 'ftp', need http or https)"
    assert by_id["not a url"][0].error == "invalid URL (scheme 'missing', need http or https)"
    assert by_id["http://:80/"][0].error == "invalid URL (no host)"
    assert server.count("/nl.html") == 1


def test_stopping_early_does_not_hang_or_fetch_everything(server):
    urls = [server.url(f"/chain/{k}") for k in range(0, 60, 10)]  # each needs several requests
    gen = Fetcher(replace(FAST, delay=0.2, max_redirects=1)).fetch_all(urls)
    first = next(gen)
    gen.close()
    assert first.error == "too many redirects (> 1)"
    assert server.count() < 1 + 2 * len(urls)


def test_read_url_list(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text("\ufeff# list\nhttp://a.test/1\n\n  https://b.test/2  \n#http://c.test/\n", encoding="utf-8")
    assert read_url_list(path) == ["http://a.test/1", "https://b.test/2"]


def test_helpers():
    assert charset_of("text/html; charset=UTF-8") == "utf-8"
    assert charset_of('text/html; charset="windows-1252"') == "windows-1252"
    assert charset_of("text/html; charset=no-such-codec") is None
    assert charset_of("text/html") is None
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
    from datetime import datetime, timezone

    now = datetime(2024, 9, 16, 12, 0, 0, tzinfo=timezone.utc)
    assert retry_after_seconds("Mon, 16 Sep 2024 12:00:30 GMT", now) == 30.0
    assert url_problem("https://example.org/a") == ""
    assert url_problem("http://example.org:99999/").startswith("invalid URL")


# ----------------------------------------------------------------------------- end to end: extractor run


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_extractor_run_urls_end_to_end_with_cache_and_offline_rerun(server, tmp_path):
    from extractor import cli

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        refused = f"http://127.0.0.1:{s.getsockname()[1]}/x.html"
    paths = ["/nl.html", "/de-cp1252.html", "/moved", "/missing.html", "/error.html", "/loop-a", "/huge.html",
             "/report.pdf", "/private/secret.html"]  # fmt: skip
    url_list = tmp_path / "list.txt"
    url_list.write_text("# test pages\n" + "\n".join(server.url(p) for p in paths[1:]) + "\n", encoding="utf-8")
    out, cache = tmp_path / "figures.csv", tmp_path / "cache"
    flags = ["--allow-private-addresses", "--timeout", "0.5", "--delay", "0.05", "--cache", str(cache), "-q"]
    argv = ["run", server.url(paths[0]), refused, "--urls", str(url_list), "-o", str(out), *flags]
    assert cli.main(argv) == 0

    manifest = {r["doc_id"]: r for r in _csv(tmp_path / "documents.csv")}
    assert len(manifest) == 10
    expect = {
        "/nl.html": ("ok", ""),
        "/de-cp1252.html": ("ok", ""),
        "/moved": ("ok", ""),
        "/missing.html": ("error", "HTTP 404 Not Found"),
        "/error.html": ("error", "HTTP 500 Internal Server Error"),
        "/loop-a": ("error", "redirect loop"),
        "/huge.html": ("error", f"too large (Content-Length {HUGE_BYTES} > 20000000 bytes)"),
        "/report.pdf": ("skipped", "not HTML (application/pdf)"),
        "/private/secret.html": ("skipped", "robots.txt"),
    }
    for path, (status, error) in expect.items():
        row = manifest[server.url(path)]
        assert (row["status"], row["error"]) == (status, error), path
    assert (manifest[refused]["status"], manifest[refused]["error"]) == (
        "error",
        "connection refused (fetching robots.txt)",
    )
    assert manifest[server.url("/nl.html")]["language"] == "nl"
    assert manifest[server.url("/de-cp1252.html")]["language"] == "de"

    figures = _csv(out)
    got = {(r["doc_id"], r["url"], r["published"], r["metric"], r["value"], r["place"], r["category"]) for r in figures}
    nl, de, moved = (server.url(p) for p in ("/nl.html", "/de-cp1252.html", "/moved"))
    assert {
        (nl, nl, "2024-09-16", "target", "195", "Mong Cai", ""),
        (nl, nl, "2024-09-16", "increase", "20", "Mong Cai", ""),
        (moved, nl, "2024-09-16", "target", "195", "Mong Cai", ""),  # url column = the final URL
        # windows-1252 without a declared charset: "Dörfern" must be decoded right for the category
        (de, de, "2024-09-10", "admitted", "295", "Uong Bi", "villages and residential areas"),
        (de, de, "2024-09-10", "achieved_pct", "102", "Uong Bi", ""),
    } <= got
    assert server.count("/private/secret.html") == 0

    # re-run: good pages come from the cache; only the failed ones (and robots.txt for them) go out again
    before = server.count()
    assert cli.main(argv) == 0
    again = {r.path for r in server.requests()[before:]}
    assert not again & {"/nl.html", "/de-cp1252.html", "/moved"}
    assert sorted(map(sorted, (r.items() for r in _csv(out)))) == sorted(map(sorted, (r.items() for r in figures)))

    # the cache directory is an input directory: offline, with the final URL from the sidecars
    before = server.count()
    offline = tmp_path / "offline.csv"
    assert cli.main(["run", str(cache), "-o", str(offline), "-q"]) == 0
    assert server.count() == before
    rows = _csv(offline)
    assert {(r["url"], r["metric"], r["value"]) for r in rows} >= {(nl, "target", "195"), (de, "admitted", "295")}
    assert all(r["url"] in (nl, de) for r in rows)
    docs = _csv(offline.with_name("documents.csv"))
    assert len(docs) == 3 and {d["status"] for d in docs} == {"ok"}


@pytest.mark.parametrize(
    ("argv", "phrase"),
    [
        (["run", "--urls", "no-such-list.txt"], "cannot read the URL list no-such-list.txt"),
        (["run", "http://example.org/", "--timeout", "-1"], "expected a number of seconds"),
        (["run", "http://example.org/", "--delay", "soon"], "expected a number of seconds"),
        (["run"], "required: INPUT (or --urls FILE)"),
    ],
)
def test_fetch_flags_usage_errors(argv, phrase, capsys, tmp_path, monkeypatch):
    from extractor import cli

    monkeypatch.chdir(tmp_path)
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse
        code = exc.code
    assert code == 2
    assert phrase in capsys.readouterr().err
