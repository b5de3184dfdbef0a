"""Wrap a plain-text article into a realistic news page (for HTML extraction tests).

The page carries everything a real provincial news site has around the article: navigation,
a cookie banner, a breadcrumb, share buttons, a "related articles" list full of numbers, a
comment section with numbers, a newsletter box and a footer with an anniversary ordinal.
None of that boilerplate must end up in the extracted article text.
"""

from __future__ import annotations

import html
from datetime import date
from collections.abc import Sequence

SITE = "Provinciaal Nieuws"
BASE_URL = "https://news.example.vn"

# boilerplate strings a test can assert are NOT in the extracted text
BOILERPLATE_MARKERS = (
    "We use cookies",
    "Related articles",
    "12 tips for",
    "Comment by",
    "Subscribe to our newsletter",
    "78th anniversary",
)


def _slug(title: str) -> str:
    keep = "".join(c.lower() if c.isalnum() else "-" for c in title)
    return "-".join(part for part in keep.split("-") if part)[:60] or "article"


def wrap_html(title: str, paragraphs: Sequence[str], published: date | str | None, lang: str, *,
              encoding: str = "utf-8") -> bytes:
    """A complete HTML page around ``title`` and ``paragraphs`` (each becomes a ``<p>``).

    ``published`` (date or ISO string) goes into ``article:published_time``, a ``<time>``
    element and the byline; ``lang`` into ``<html lang>``. The page declares ``encoding`` in
    ``<meta charset>`` and is encoded with it (characters it cannot hold become references).
    """
    esc = html.escape
    iso = published.isoformat() if isinstance(published, date) else (published or "")
    url = f"{BASE_URL}/{lang}/{_slug(title)}.html"
    body = "\n".join(f"        <p>{esc(p)}</p>" for p in paragraphs)
    date_meta = f'<meta property="article:published_time" content="{iso}T08:30:00+07:00">' if iso else ""
    time_el = f'<time datetime="{iso}T08:30:00+07:00" class="byline-date">{iso}</time>' if iso else ""
    page = f"""<!DOCTYPE html>
<html lang="{esc(lang)}">
<head>
  <meta charset="{esc(encoding)}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{esc(title)} | {SITE}</title>
  <link rel="canonical" href="{url}">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{esc(title)}">
  <meta property="og:url" content="{url}?utm_source=og">
  <meta property="og:site_name" content="{SITE}">
  {date_meta}
  <link rel="stylesheet" href="/static/site.css">
  <script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article", "id": 20240916}});</script>
</head>
<body class="article-page">
  <div id="cookie-banner" class="cookie-consent" role="dialog">
    <p>We use cookies to improve your experience. By clicking "Accept all" you agree to 3 types of cookies.</p>
    <button>Accept all</button> <button>Settings</button>
  </div>
  <header class="site-header">
    <a class="logo" href="/">{SITE}</a>
    <nav class="main-nav">
      <ul>
        <li><a href="/politics">Politics</a></li><li><a href="/economy">Economy</a></li>
        <li><a href="/society">Society</a></li><li><a href="/culture">Culture</a></li>
        <li><a href="/sports">Sports</a></li><li><a href="/video">Video</a></li>
      </ul>
    </nav>
    <form class="search" action="/search"><input name="q" placeholder="Search"></form>
  </header>
  <main>
    <nav class="breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/politics">Politics</a> &rsaquo; Party building</nav>
    <article class="article-detail">
      <h1 class="article-title">{esc(title)}</h1>
      <div class="byline">By Staff reporter &middot; {time_el}</div>
      <div class="share"><a href="#">Share</a> <a href="#">Tweet</a> <a href="#">Print</a></div>
      <div class="article-body">
{body}
      </div>
      <div class="tags">Tags: <a href="/tag/party">party</a> <a href="/tag/members">members</a></div>
    </article>
    <aside class="related">
      <h2>Related articles</h2>
      <ul>
        <li><a href="/a/1">12 tips for 2025: how 450 cadres trained 1,200 young people</a></li>
        <li><a href="/a/2">Province admits 3,000 new members in 9 months, 105% of plan</a></li>
        <li><a href="/a/3">5 districts reach 98% of their targets</a></li>
        <li><a href="/a/4">Ward opens 7 new party cells with 64 members</a></li>
      </ul>
    </aside>
    <section id="comments" class="comments">
      <h2>Comments (3)</h2>
      <div class="comment"><p class="comment-author">Comment by Nguyen Van A, 16/09/2024 10:15</p>
        <p>Our commune admitted 14 members too, 140% of the target!</p></div>
      <div class="comment"><p class="comment-author">Comment by Tran B</p><p>Great news, 2 thumbs up.</p></div>
      <form class="comment-form"><textarea name="c"></textarea><button>Send</button></form>
    </section>
  </main>
  <div class="newsletter"><p>Subscribe to our newsletter: 25,000 readers get the news every morning.</p></div>
  <footer class="site-footer">
    <p>&copy; 2024 {SITE}. Celebrating the 78th anniversary of the provincial newspaper.</p>
    <p>License no. 123/GP-BTTTT. Hotline 0203 3835 123. Address: 1 Main Street.</p>
    <ul><li><a href="/about">About</a></li><li><a href="/contact">Contact</a></li><li><a href="/rss">RSS</a></li></ul>
  </footer>
  <script src="/static/app.js"></script>
</body>
</html>
"""
    return page.encode(encoding, errors="xmlcharrefreplace")
