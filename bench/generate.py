"""Generate a realistic corpus of news pages for the benchmark (stdlib + warcio only).

Each page is 50-150 KB of HTML as news sites serve it: a head with meta/OpenGraph tags, inline
CSS and scripts (analytics, JSON-LD, ad config), a header with a mega menu, breadcrumbs, the
article (title, date, byline, 3-9 paragraphs taken from the project's corpora in nl/de/en/fr/vi,
and ja/hi where corpora/ has them), a related-articles box, a comment section, a "most
read" sidebar and a long footer. Pages are deterministic for a seed.

    python bench/generate.py --docs 2000 --out bench/out/pages-2000.warc.gz
    python bench/generate.py --docs 300 --out bench/out/pages-300   # a directory of .html files

Output: ``.warc.gz`` (one gzip member per record: request + response, like a crawler writes),
``.jsonl`` (``{"id", "url", "html"}``) or a directory of ``.html`` files.
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("nl", "de", "en", "fr", "vi", "ja", "hi")
WEIGHTS = (3, 3, 3, 2, 3, 1, 1)
_TAG = re.compile(r"<[^>]+>")

WORDS = ("tin tuc thoi su kinh te xa hoi the thao giai tri suc khoe giao duc phap luat the gioi doi song "
         "news politics economy society sport culture health education law world life travel science").split()


def _paragraphs_by_language() -> dict[str, list[str]]:
    """Paragraphs of the project's corpus articles (text and HTML), by language folder."""
    pools: dict[str, list[str]] = {}
    for lang in LANGS:
        pool: list[str] = []
        for path in sorted((ROOT / "corpora" / lang).rglob("*")):
            if path.suffix not in (".txt", ".html"):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".html":
                text = _TAG.sub("\n", re.sub(r"(?is)<(script|style).*?</\1>", "", text))
            pool += [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text) if len(p.split()) >= 25]
        if pool:
            pools[lang] = pool
    return pools


def _links(rng: random.Random, n: int, prefix: str) -> str:
    items = []
    for _ in range(n):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 9)))
        slug = "-".join(words.split())
        items.append(f'<li class="menu-item"><a href="https://news.example.vn/{prefix}/{slug}-{rng.randint(1, 99999)}'
                     f'.html" title="{words}">{words.title()}</a></li>')
    return "\n".join(items)


_LINE_POOL: dict[str, list[str]] = {}


def _line_pool(kind: str) -> list[str]:
    """2000 lines of ad-config script or CSS, made once (pages sample from them)."""
    if kind not in _LINE_POOL:
        rng = random.Random(kind)
        letters = "abcdefghijklmnopqrstuvwxyz"
        lines = []
        for _ in range(2000):
            name = "".join(rng.choices(letters + "-", k=10))
            if kind == "script":
                lines.append(f'  window.__cfg["{name}"] = {{"slot": "div-gpt-ad-{rng.randint(10**8, 10**9)}", '
                             f'"sizes": [[300, 250], [728, 90]], "targeting": {{"pos": "{rng.choice(WORDS)}"}}}};')
            else:
                lines.append(f".{name} {{ margin: {rng.randint(0, 40)}px; color: #{rng.randint(0, 0xFFFFFF):06x}; "
                             f"font-size: {rng.randint(10, 30)}px; }}")
        _LINE_POOL[kind] = lines
    return _LINE_POOL[kind]


def _filler(rng: random.Random, kind: str, size: int) -> str:
    pool = _line_pool(kind)
    average = sum(map(len, pool[:100])) // 100 + 1
    return "\n".join(rng.choices(pool, k=max(1, size // average)))


def _script(rng: random.Random, size: int) -> str:
    return "<script>\nwindow.__cfg = window.__cfg || {};\n" + _filler(rng, "script", size) + "\n</script>"


def _style(rng: random.Random, size: int) -> str:
    return "<style>\n" + _filler(rng, "style", size) + "\n</style>"


def _comments(rng: random.Random, paragraphs: list[str]) -> str:
    out = []
    for i in range(rng.randint(4, 12)):
        text = rng.choice(paragraphs)[: rng.randint(80, 300)]
        out.append(f'<div class="comment-item"><span class="cmt-author">Reader {i}</span>'
                   f'<p class="cmt-content">{html.escape(text)}</p></div>')
    return '<div id="comments" class="comments binhluan-box">' + "\n".join(out) + "</div>"


def page(index: int, seed: int, pools: dict[str, list[str]]) -> tuple[str, str, bytes]:
    """``(doc_id, url, html bytes)`` of page ``index``."""
    rng = random.Random(seed * 1_000_003 + index)
    langs = [lang for lang in LANGS if lang in pools]
    lang = rng.choices(langs, weights=[WEIGHTS[LANGS.index(lang)] for lang in langs])[0]
    pool = pools[lang]
    body = [pool[rng.randrange(len(pool))] for _ in range(rng.randint(3, 9))]
    title = " ".join(body[0].split()[:10])
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice((2023, 2024, 2025))
    doc_id = f"p{index:07d}"
    url = f"https://news.example.vn/{lang}/{doc_id}.html"
    target = rng.randint(50_000, 150_000)
    article = "\n".join(f"<p>{html.escape(p)}</p>" for p in body)
    related = _links(rng, 20, "related")
    parts = [
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)} | News</title>",
        f'<link rel="canonical" href="{url}"><meta property="og:url" content="{url}">',
        f'<meta property="og:title" content="{html.escape(title)}">',
        f'<meta name="pubdate" content="{year}-{month:02d}-{day:02d}">',
        f'<meta property="article:published_time" content="{year}-{month:02d}-{day:02d}T08:00:00+07:00">',
        "", "", "</head><body>",
        f'<header class="site-header"><nav class="mega-menu"><ul>{_links(rng, rng.randint(60, 140), "menu")}</ul></nav></header>',
        f'<div class="breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/{lang}">{lang}</a></div>',
        '<main><article class="article-detail">',
        f'<h1 class="title">{html.escape(title)}</h1>',
        f'<div class="meta"><span class="date">{day:02d}/{month:02d}/{year}</span> <span class="author">Staff</span></div>',
        f'<div class="article-body">{article}</div>',
        "</article>",
        f'<div class="box-related related"><h3>Related</h3><ul>{related}</ul></div>',
        _comments(rng, pool),
        "</main>",
        f'<aside class="sidebar box-most-read"><ul>{_links(rng, 15, "most-read")}</ul></aside>',
        f'<footer class="site-footer"><ul>{_links(rng, rng.randint(40, 90), "footer")}</ul>'
        "<p>Copyright (c) News. Address: 1 Example Street, Ha Noi. Tel 024 0000 0000.</p></footer>",
        "", "</body></html>",
    ]
    size = sum(len(p.encode("utf-8")) for p in parts)
    room = max(0, target - size)
    parts[6] = _style(rng, room * 3 // 10)
    parts[7] = _script(rng, room * 4 // 10)
    parts[-2] = _script(rng, room * 3 // 10)
    data = "\n".join(parts).encode("utf-8")
    return doc_id, url, data


def pages(n: int, seed: int = 1) -> Iterator[tuple[str, str, bytes]]:
    pools = _paragraphs_by_language()
    for i in range(n):
        yield page(i, seed, pools)


def write_warc(path: Path, n: int, seed: int = 1) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for doc_id, url, data in pages(n, seed):
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                http_headers=StatusAndHeaders(f"GET /{doc_id}.html HTTP/1.1",
                                                                              [("Host", "news.example.vn")],
                                                                              is_http_request=True))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(data)))], protocol="HTTP/1.1")
            response = writer.create_warc_record(url, "response", payload=io.BytesIO(data), http_headers=headers)
            writer.write_record(request)
            writer.write_record(response)


def write_jsonl(path: Path, n: int, seed: int = 1) -> None:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for doc_id, url, data in pages(n, seed):
            fh.write(json.dumps({"id": doc_id, "url": url, "html": data.decode("utf-8")}, ensure_ascii=False) + "\n")


def write_directory(path: Path, n: int, seed: int = 1) -> None:
    path.mkdir(parents=True, exist_ok=True)
    for doc_id, _url, data in pages(n, seed):
        (path / f"{doc_id}.html").write_bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, required=True)
    parser.add_argument("--out", required=True, help="*.warc.gz, *.jsonl[.gz] or a directory")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.name.endswith((".warc.gz", ".warc")):
        write_warc(out, args.docs, args.seed)
    elif out.name.endswith((".jsonl", ".jsonl.gz")):
        write_jsonl(out, args.docs, args.seed)
    else:
        write_directory(out, args.docs, args.seed)


if __name__ == "__main__":
    main()
