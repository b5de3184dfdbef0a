from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest
from conftest import SEED_LANGUAGES, SEEDS
from htmlwrap import BOILERPLATE_MARKERS, wrap_html

from extractor.extract import ExtractionError, date_from_text, decode_bytes, to_article
from extractor.types import ERROR, SKIPPED, RawDocument

CP1252_WORDS = ["schönes", "Jubiläum", "„vorbildliche“", "Noël", "Übungen", "größter", "–", "Crème brûlée à"]
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _html(content: bytes, **kw) -> RawDocument:  # noqa: ANN003
    return RawDocument("doc", "doc.html", content=content, kind="html", **kw)


def _text(content: bytes, **kw) -> RawDocument:  # noqa: ANN003
    return RawDocument("doc", "doc.txt", content=content, kind="text", **kw)


def _seed_paragraphs(path: Path) -> tuple[str, list[str]]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    long_lines = [line for line in lines if len(line) > 80]
    return long_lines[0][:60], long_lines


# ---------------------------------------------------------------- decoding


def test_windows_1252_page_without_declaration(fixtures_dir: Path) -> None:
    content = (fixtures_dir / "cp1252_undeclared.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    assert b"charset" not in content.lower()
    article = to_article(_html(content))
    for word in CP1252_WORDS:
        assert word in article.text
    assert article.title == "Ein schönes Jubiläum für die Parteizelle"


@pytest.mark.parametrize(
    "declared_in, declared, actual",
    [
        ("meta", "utf-8", "cp1252"),  # wrong declaration: the bytes are windows-1252
        ("meta", "iso-8859-1", "utf-8"),  # wrong declaration: the bytes are UTF-8
        ("container", "utf-8", "cp1252"),
        ("meta", "windows-1251", "windows-1251"),  # right declaration of a non-Latin legacy charset
        ("container", "koi8-r", "koi8-r"),
        ("meta", "no-such-charset", "cp1252"),
    ],
)
def test_declared_and_wrong_encodings(declared_in: str, declared: str, actual: str) -> None:
    words = "Привет, партийный комитет" if "1251" in actual or "koi8" in actual else "Café „Zitat“ für Mädchen"
    meta = f'<meta charset="{declared}">' if declared_in == "meta" else ""
    page = f"<html><head>{meta}</head><body><p>{words}</p></body></html>"
    raw_encoding = declared if declared_in == "container" else None
    assert decode_bytes(page.encode(actual), raw_encoding) == page


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                        (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_byte_order_mark_wins(bom: bytes, codec: str) -> None:
    text = "Đảng bộ thành phố Móng Cái kết nạp 195 đảng viên"
    assert decode_bytes(bom + text.encode(codec), "iso-8859-1") == text


def test_text_file_decoding_and_newlines() -> None:
    article = to_article(_text("Zeile eins\r\nÄrger über Öl\r\n".encode("cp1252")))
    assert article.text == "Zeile eins\nÄrger über Öl\n"
    assert article.title == ""


# ---------------------------------------------------------------- dates


def test_txt_date_from_the_dutch_seed() -> None:
    article = to_article(_text((SEEDS / "000_3a3d6f203a431f28.txt").read_bytes()))
    assert article.published == date(2024, 9, 16)


def test_txt_without_a_date_near_the_top_has_none() -> None:
    # the German seed mentions "19. Mai (1890–2024)" inside a body paragraph: not a publication date
    article = to_article(_text((SEEDS / "001_c4738c51de09afae.txt").read_bytes()))
    assert article.published is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Việt NamViệt Nam16/09/2024\nBody", date(2024, 9, 16)),
        ("2024-09-16 10:23", date(2024, 9, 16)),
        ("Ngày 5.3.2024", date(2024, 3, 5)),
        ("09/16/2024", date(2024, 9, 16)),  # month/day only when day/month is impossible
        ("Veröffentlicht am 16. September 2024", date(2024, 9, 16)),
        ("Gepubliceerd op 16 september 2024", date(2024, 9, 16)),
        ("Title\n\nSite\n\nMaandag 2 december 2024 om 10:00", date(2024, 12, 2)),
        ("Nothing here\n2024 was a year", None),
        ("Kurz\n" + "Lang " * 60 + "am 2. September 2024 feierten wir.", None),  # body paragraph, too long
        ("a\nb\nc\nd\ne\n16/09/2024", None),  # below the first five lines
        ("31/02/2024 is not a day", None),
        ("Der 134. Geburtstag 2024", None),
    ],
)
def test_date_from_text(text: str, expected: date | None) -> None:
    assert date_from_text(text) == expected


# ---------------------------------------------------------------- HTML


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("encoding", ["utf-8", "windows-1252"])
def test_seed_wrapped_in_html(seed: Path, encoding: str) -> None:
    title, paragraphs = _seed_paragraphs(seed)
    lang = SEED_LANGUAGES[seed.stem]
    page = wrap_html(title, paragraphs, date(2024, 9, 16), lang, encoding=encoding)
    article = to_article(_html(page))
    assert article.title == title
    assert article.published == date(2024, 9, 16)
    assert article.html_lang == lang
    assert article.url.startswith("https://news.example.vn/") and "utm_source" not in article.url  # canonical
    for paragraph in paragraphs:
        if encoding == "utf-8" or paragraph.isascii() or all(ord(c) < 256 for c in paragraph):
            assert paragraph in article.text
    for marker in BOILERPLATE_MARKERS:
        assert marker not in article.text


def test_og_url_used_without_canonical_and_container_date_wins() -> None:
    page = (
        '<html lang="de-DE"><head><title>T</title><meta property="og:url" content="https://x.example/og">'
        '<meta property="article:published_time" content="2023-01-02"></head><body><article><h1>Überschrift</h1>'
        + "<p>Die Stadt Uong Bi hat 295 neue Parteimitglieder aufgenommen, das sind 102 Prozent des Plans.</p>" * 3
        + "</article></body></html>"
    ).encode()
    article = to_article(_html(page, published="2024-05-06"))
    assert (article.url, article.html_lang, article.published) == ("https://x.example/og", "de-DE", date(2024, 5, 6))
    article = to_article(_html(page))
    assert article.published == date(2023, 1, 2)


# ---------------------------------------------------------------- bad input


BAD_INPUTS = [
    ("empty", _text(b""), SKIPPED, "empty file"),
    ("whitespace", _html(b"  \n\t \n"), SKIPPED, "empty file"),
    ("nul-bytes", _text(b"PK\x03\x04\x00\x00binary\x00zip"), SKIPPED, "binary content (NUL bytes), not a text document"),
    ("png", _html(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4), SKIPPED, "binary content"),
    ("control-chars", _text(bytes(range(1, 9)) * 200 + b"abc"), SKIPPED, "not a text document"),
    ("html-no-article", _html(b"<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav>"
                              b"<script>var x=1;</script></body></html>"), SKIPPED, "no article text found in HTML"),
    ("html-only-links", _html(b"<html><body><nav><ul>" + b"".join(b"<li><a href=/%d>Section number %d news today</a></li>"
                              % (i, i) for i in range(30)) + b"</ul></nav><footer>(c) 2024 News</footer></body></html>"),
     SKIPPED, "no article text found in HTML"),
    ("html-empty-body", _html(b"<html><head><title>Only a title</title></head><body></body></html>"), SKIPPED,
     "no article text found in HTML"),
    ("too-large", _html(b"<p>" + b"a" * 1_000_000 + b"</p>"), SKIPPED, "too large (1 MB > 500 kB)"),
    ("reader-error", RawDocument("d", "d.txt", error="cannot read file: Permission denied"), ERROR,
     "cannot read file: Permission denied"),
    ("reader-skip", RawDocument("d", "d.txt", skip="too large (52.4 MB > 20 MB)"), SKIPPED, "too large (52.4 MB > 20 MB)"),
]


@pytest.mark.parametrize("raw, status, reason", [c[1:] for c in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_gives_a_one_line_reason(raw: RawDocument, status: str, reason: str) -> None:
    with pytest.raises(ExtractionError) as info:
        to_article(raw, max_bytes=500_000)
    assert info.value.status == status
    assert info.value.reason.startswith(reason)
    assert "\n" not in info.value.reason


LAYOUT_PAGE = """<html lang="nl"><head><title>Hoang Mai</title>
<meta property="article:published_time" content="2023-10-12T15:40:00+07:00"></head><body>
<table id="layout" width="100%"><tr><td id="main">
<div class="ngay">Donderdag, 12/10/2023 - 15:40</div>
<h1>Hoang Mai: 58 nieuwe partijleden in negen maanden</h1>
<div class="noidung">
<p>Sinds het begin van het jaar heeft het partijcomité van het stadje Hoang Mai 58 nieuwe partijleden toegelaten, waarmee 96,7% van het plan voor 2023 is gerealiseerd.</p>
<p>Het stadje heeft 10 wijken en gemeenten en 47 basispartijorganisaties; de wijk Quynh Thien leidde met 9 nieuwe partijleden.</p>
<table class="data"><tr><th>Wijk</th><th>Nieuwe leden</th></tr><tr><td>Quynh Thien</td><td>9</td></tr><tr><td>Mai Hung</td><td>6</td></tr></table>
</div>
<div class="lienquan"><b>Andere berichten:</b><table>
<tr><td>&#8226;</td><td><a href="/a/1">Nghe An: 2.846 nieuwe partijleden in 2022</a> (05/01/2023)</td></tr>
<tr><td>&#8226;</td><td><a href="/a/2">Hoang Mai opent 3 cursussen partijkennis</a> (28/09/2023)</td></tr>
</table></div>
<div class="ykien"><b>Meningen van lezers</b><div class="binhluan"><b>Nguyen Tuan</b>: In onze wijk werden in september 4 jongeren in één keer opgenomen, proficiat aan iedereen!</div></div>
</td><td id="right"><div class="box"><b>Meest gelezen</b><ul><li><a href="#">Weerbericht: koude golf vanaf 15/11</a></li></ul></div></td></tr></table>
</body></html>"""


def test_layout_tables_are_unwrapped_and_comments_dropped_but_data_tables_kept() -> None:
    article = to_article(_html(LAYOUT_PAGE.encode("utf-8")))
    assert "58 nieuwe partijleden toegelaten, waarmee 96,7% van het plan" in article.text
    # paragraphs stay separate lines instead of one flattened table cell
    assert any(line.startswith("Het stadje heeft 10 wijken") for line in article.text.splitlines())
    assert "Quynh Thien" in article.text and "Mai Hung" in article.text  # the data table survives
    for boilerplate in ("2.846", "4 jongeren", "Weerbericht", "cursussen partijkennis"):
        assert boilerplate not in article.text
    assert article.published == date(2023, 10, 12)


_ARTICLE_WITH_LIST = """<html><head><title>T</title></head><body>
<div class="menu"><ul><li><a href="/a">Home</a></li><li><a href="/b">Politics</a></li></ul></div>
<div class="article"><h1>Lam Dong admits 2,317 new members</h1>
<p>Party committees throughout the province admitted 2,317 people this year, equal to 103.4 per cent of the goal.</p>
<p>Units with the best results:</p>
<ul><li>Bao Loc city Party Committee: 131 new members;</li><li>Duc Trong district Party Committee: 176 new members.</li></ul>
<p>With the new admissions, membership of the provincial Party organisation has risen to 78,905 people.</p>
<p>Related:</p><ul><li><a href="/x">Coffee harvest reaches 210,000 tonnes in the highlands</a></li>
<li><a href="/y">Flower festival opens on December 21 in Da Lat city</a></li></ul>
</div></body></html>"""


def test_a_list_trafilatura_leaves_out_is_put_back_under_its_introducing_line() -> None:
    text = to_article(_html(_ARTICLE_WITH_LIST.encode("utf-8"))).text
    lines = text.splitlines()
    at = lines.index("Units with the best results:")
    assert lines[at + 1:at + 3] == ["- Bao Loc city Party Committee: 131 new members;",
                                    "- Duc Trong district Party Committee: 176 new members."]
    assert "Coffee harvest" not in text and "Politics" not in text  # link lists stay out


# ---------------------------------------------------------------- page metadata

CORPUS_LANGUAGES = sorted(p.name for p in (Path(__file__).parent.parent / "corpora").iterdir() if p.is_dir())
METADATA_PAGES = [
    # JSON-LD headline and date, no <title>
    '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ha Long: 120 new members",'
    ' "datePublished": "2024-03-05T08:00:00+07:00"}</script></head><body><article><p>{p}</p></article></body></html>',
    # Open Graph title and url, date only in the URL path
    '<html><head><meta property="og:title" content="Cam Pha &amp; Uong Bi"><meta property="og:url"'
    ' content="https://news.example/2023/11/02/cam-pha.html"></head><body><article><p>{p}</p></article></body></html>',
    # a <title> with a site name and a date in the text only
    '<html><head><title>Dong Trieu admits 57 members | Quang Ninh News</title></head><body><article>'
    '<p class="date">12/09/2024</p><p>{p}</p></article></body></html>',
    # nothing at all
    '<html><body><div><p>{p}</p></div></body></html>',
]


def _metadata_pairs(html: str, url: str | None) -> tuple[tuple, tuple]:
    import trafilatura

    from extractor.extract import _page_metadata

    ours = _page_metadata(trafilatura.load_html(html), url)
    theirs = trafilatura.bare_extraction(trafilatura.load_html(html), url=url, with_metadata=True)
    theirs_fields = (theirs.title, theirs.url, theirs.date) if theirs is not None else (None, None, None)
    return (ours.title, ours.url, ours.date), theirs_fields


@pytest.mark.parametrize("lang", CORPUS_LANGUAGES)
def test_page_metadata_is_what_trafilatura_finds(lang: str) -> None:
    """We ask trafilatura only for title, URL and date (the rest costs ~3 ms a page): they must be
    the very values ``bare_extraction(with_metadata=True)`` gives, on every corpus page."""
    pages = sorted((Path(__file__).parent.parent / "corpora" / lang).rglob("*.html"))
    compared = 0
    for page in pages:
        html = decode_bytes(page.read_bytes())
        for url in (None, "https://site.example/2021/05/06/page.html"):
            ours, theirs = _metadata_pairs(html, url)
            if theirs != (None, None, None):
                assert ours == theirs, page
                compared += 1
    assert compared or not pages


@pytest.mark.parametrize("template", METADATA_PAGES)
def test_page_metadata_on_made_up_pages(template: str) -> None:
    paragraph = "Die Stadt Uong Bi hat 295 neue Parteimitglieder aufgenommen, das sind 102 Prozent des Plans. " * 4
    ours, theirs = _metadata_pairs(template.replace("{p}", paragraph), None)
    assert ours == theirs
    assert any(ours) or "<head>" not in template  # a page with a head has something to find


@pytest.mark.parametrize("link_in", ["menu", "dropped related block", "nowhere"])
def test_a_page_whose_only_prose_is_a_link_text_has_no_article(link_in: str) -> None:
    """The only long line is a headline that is also a link's text -- in the menu, or in a related
    block our cleaning removes before trafilatura runs: no article. Not a link anywhere: an article."""
    head = "Quang Ninh party committee admits one hundred and ten new members this year"
    menu = f'<nav><a href="/x">{head}</a><a href="/y">Home</a></nav>' if link_in == "menu" else ""
    related = (f'<div class="related"><a href="/x">{head}</a><a href="/y">Other news</a></div>'
               if link_in == "dropped related block" else "")
    page = f"<html><body>{menu}<div class='article'><h1>{head}</h1><p>Short.</p></div>{related}</body></html>"
    raw = _html(page.encode())
    if link_in == "nowhere":
        assert head in to_article(raw).text
    else:
        with pytest.raises(ExtractionError, match="no article text found in HTML"):
            to_article(raw)
