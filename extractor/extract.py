"""RawDocument -> Article: bytes to text, HTML main text and metadata, publication date.

Failures raise ``ExtractionError(reason, status)``; ``status`` is ``skipped`` for input that
is not an article (empty, binary, too large, no main text) and ``error`` otherwise.

Decoding order (``decode_bytes``): byte-order mark; binary check (NUL bytes); strict UTF-8
(valid non-ASCII UTF-8 is practically never a legacy encoding, so it beats a wrong
declaration); the container's declared charset (``RawDocument.encoding``) and then
``<meta charset>``/http-equiv, each only if the bytes decode with it; charset-normalizer as
the last resort, restricted to web legacy encodings, where a Latin single-byte guess gives way
to windows-1252 (the WHATWG default for undeclared Western pages) unless windows-1252 reads
worse (symbols glued to letters).

HTML: the page is parsed once; layout tables and link-list tables become divs and comment /
related-article blocks are dropped before ``trafilatura.bare_extraction`` sees the tree.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from extractor.resources import data_folders, language_codes, read_json
from extractor.sources import too_large_reason
from extractor.text import squash
from extractor.types import ERROR, SKIPPED, Article, RawDocument

DEFAULT_MAX_BYTES = 20_000_000

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# labels browsers treat as windows-1252 (WHATWG Encoding Standard)
_AS_CP1252 = {"ascii", "latin-1", "iso8859-1", "cp1252"}
# legacy encodings a web page may really be in (WHATWG list); charset-normalizer only
# chooses among these, never DOS or Mac code pages
_WEB_LEGACY = [
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp874",
    "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8", "iso8859_10",
    "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "koi8_r", "koi8_u",
    "gb18030", "big5", "shift_jis", "euc_jp", "iso2022_jp", "euc_kr",
]
# guesses that mean "some Latin single-byte page": windows-1252 wins unless it reads worse
_LATIN_SINGLE_BYTE = {
    "cp1250", "cp1252", "cp1254", "cp1257", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_10",
    "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""", re.I)
_SNIFF_BYTES = 4096
_TOP_LINES = 5
_MAX_DATE_LINE = 200
_MIN_PROSE_LETTERS = 40  # an HTML page needs one non-link line with this many letters


class ExtractionError(Exception):
    """A document that cannot become an Article; ``reason`` is one line for the manifest."""

    def __init__(self, reason: str, status: str = SKIPPED) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


# ---------------------------------------------------------------- decoding


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return "cp1252" if name in _AS_CP1252 else name


def _try_decode(content: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return content.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _sniff_meta_charset(content: bytes) -> str | None:
    match = _META_CHARSET.search(content[:_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


# letters a wrong Latin code page produces (þ ð for Turkish ş ğ, ø for Czech ř, ŕ ĺ ţ for French à å ...)
_UNLIKELY_LETTERS = tuple("þðÞÐøØŕŔĺĹţŢ")


def _oddities(text: str) -> int:
    """Symbols glued to letters (``przyj¹³``): the mark of a wrong single-byte code page."""
    n = 0
    for i, ch in enumerate(text[:200_000]):
        if ord(ch) > 127 and unicodedata.category(ch)[0] not in "LPZM":
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            n += before.isalpha() or after.isalpha()
    return n


def _guess_encoding(content: bytes) -> str | None:
    import charset_normalizer  # lazy: only undeclared legacy pages need it

    best = charset_normalizer.from_bytes(content, cp_isolation=_WEB_LEGACY).best()
    if best is None:
        return None
    guess = best.encoding
    if guess in _LATIN_SINGLE_BYTE:
        # Western, Central European or Turkish? The wrong one shows letters no language here writes
        # mid-text (Turkish ş ğ read as þ ð, Czech ř read as ø) or symbols glued to letters (Polish ł as ³)
        scored = []
        for rank, candidate in enumerate(("cp1252", "cp1250", "cp1254")):
            text = _try_decode(content, candidate)
            if text is not None:
                scored.append((_oddities(text) + sum(map(text.count, _UNLIKELY_LETTERS)), rank, candidate))
        if scored:
            return min(scored)[2]
    return guess


def decode_bytes(content: bytes, declared: str | None = None, *, sniff_meta: bool = True) -> str:
    """Decode document bytes to str (see module docstring for the order)."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content[len(bom):].decode(encoding, errors="replace")
    declared_codec = _codec_name(declared)
    if b"\x00" in content[:_SNIFF_BYTES] or b"\x00" in content[-_SNIFF_BYTES:]:
        if declared_codec and declared_codec.startswith(("utf-16", "utf-32")):
            text = _try_decode(content, declared_codec)
            if text is not None:
                return text
        raise ExtractionError("binary content (NUL bytes), not a text document")
    text = _try_decode(content, "utf-8")
    if text is not None:
        return text
    candidates = [declared_codec]
    if sniff_meta:
        candidates.append(_codec_name(_sniff_meta_charset(content)))
    for encoding in candidates:
        text = _try_decode(content, encoding)
        if text is not None:
            return text
    guess = _guess_encoding(content)
    text = _try_decode(content, guess)
    if text is None:
        raise ExtractionError("undecodable bytes (unknown character encoding)")
    return text


# control characters other than white space (Unicode category Cc), and the replacement character
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def _check_is_text(text: str) -> None:
    sample = text[:100_000]
    if not sample:
        return
    bad = len(_NOT_TEXT.findall(sample))
    if bad > max(8, len(sample) // 100):
        raise ExtractionError("not a text document (control characters or undecodable bytes)")


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------- dates in text

_YMD = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?!\d)")
_DAY_MONTHNAME_YEAR = re.compile(r"(?<!\d)(\d{1,2})\.?\s+([^\W\d_]{3,}\.?)\s+(\d{4})(?!\d)")
_MONTHNAME_DAY_YEAR = re.compile(r"\b([^\W\d_]{3,}\.?)\s+(\d{1,2}),?\s+(\d{4})(?!\d)")


def _make_date(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _dateparser_languages() -> tuple[str, ...]:
    """dateparser codes of every language data folder (supported or not: a date is metadata)."""
    folders = data_folders("language.json")
    langs: list[str] = []
    for code in dict.fromkeys([*language_codes(), *folders]):
        value = read_json(code, "language.json").get("dateparser")
        for lang in [value] if isinstance(value, str) else (value or []):
            if lang and lang not in langs:
                langs.append(lang)
    return tuple(langs)


def _parse_month_name(candidate: str) -> date | None:
    languages = _dateparser_languages()
    if not languages:
        return None
    import dateparser  # lazy: slow import, only needed for dates written with month names

    settings = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}
    for lang in languages:  # one language at a time: a mixed-language parse can invent dates
        parsed = dateparser.parse(candidate, languages=[lang], settings=settings)
        if parsed is not None:
            return _make_date(parsed.year, parsed.month, parsed.day)
    return None


def _date_in_line(line: str) -> date | None:
    for m in _YMD.finditer(line):
        found = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if found:
            return found
    for m in _DMY.finditer(line):
        first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        found = _make_date(year, second, first) or _make_date(year, first, second)
        if found:
            return found
    for pattern in (_DAY_MONTHNAME_YEAR, _MONTHNAME_DAY_YEAR):
        for m in pattern.finditer(line):
            found = _parse_month_name(m.group(0))
            if found:
                return found
    return None


def date_from_text(text: str, max_lines: int = _TOP_LINES) -> date | None:
    """Publication date written near the top of a text: the first date in the first
    ``max_lines`` non-empty short lines (body paragraphs are ignored). Never today's date."""
    seen = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > max_lines:
            break
        if len(line) <= _MAX_DATE_LINE:
            found = _date_in_line(line)
            if found:
                return found
    return None


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------- HTML


def _html_metadata(tree) -> tuple[str, str]:  # noqa: ANN001 - lxml element
    """``(canonical-or-og url, <html lang>)`` from a parsed page."""
    root = tree.getroottree().getroot()
    lang = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    canonical = og_url = ""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = link.get("href").strip()
            break
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:url" and meta.get("content"):
            og_url = meta.get("content").strip()
            break
    return canonical or og_url, lang


def _link_texts(elements) -> set[str]:  # noqa: ANN001 - lxml elements
    return {squash(a.text_content()) for e in elements for a in e.iter("a")}


def _is_link_text(root, line: str, dropped: set[str]) -> bool:  # noqa: ANN001 - lxml element
    """True when ``line`` (squashed) is the whole text of a link of the page: of one still in
    ``root`` or of one in a block ``_clean_tree`` dropped (their texts: ``dropped``). Only the links
    whose text holds the line's longest word are read (XPath, in C), not every link of the page."""
    if line in dropped:
        return True
    word = max(line.split(), key=len)
    try:
        links = root.xpath("//a[contains(., $word)]", word=word)
    except ValueError:  # a character XPath strings cannot hold: read them all
        links = list(root.iter("a"))
    return any(squash(a.text_content()) == line for a in links)


def _has_prose(body: str, is_link_text: Callable[[str], bool]) -> bool:
    """True when the text holds at least one line of prose that is not a link (menu entry,
    headline list): trafilatura falls back to navigation text on pages without an article."""
    for line in body.splitlines():
        line = squash(line)
        if line and sum(ch.isalpha() for ch in line) >= _MIN_PROSE_LETTERS and not is_link_text(line):
            return True
    return False


_BLOCK_TAGS = ("table", "h1", "h2", "h3", "article", "section")
_LAYOUT_CELL_CHARS = 400
_LINK_LIST_RATIO = 0.6
# class/id tokens of comment sections and related-article boxes that trafilatura's own
# heuristics miss (several are Vietnamese CMS names: binhluan = comments, ykien = opinions,
# tinkhac = other news, lienquan = related)
_BOILERPLATE_TOKENS = frozenset({
    "comments", "comment", "comment-item", "comment-form", "cmt", "binhluan", "binhluan-box", "ykien",
    "reacties", "discussion", "opinions", "tinkhac", "tinkhac-box", "lienquan", "othernews",
    "other-news", "related", "box-related", "related-posts", "box-most-read",
})


def _own(table, tags: tuple[str, ...]) -> list:  # noqa: ANN001
    """Descendants with these tags whose nearest enclosing table is ``table``."""
    return [e for e in table.iter(*tags) if e is not table and next(e.iterancestors("table"), None) is table]


def _is_layout_table(table) -> bool:  # noqa: ANN001
    """A table used for page layout or as a link list, not a table of data."""
    for cell in _own(table, ("td", "th")):
        if any(e is not cell for e in cell.iter(*_BLOCK_TAGS)):
            return True
        blocks = sum(1 for e in cell.iter("p", "div", "ul", "ol") if e is not cell)
        if blocks >= 2 or len(squash(cell.text_content())) > _LAYOUT_CELL_CHARS:
            return True
    text = len(squash(table.text_content()))
    links = sum(len(squash(a.text_content())) for a in table.iter("a"))
    return bool(text) and links / text > _LINK_LIST_RATIO


def _element_text(element) -> str:  # noqa: ANN001 - lxml element
    """All the text inside an element, its pieces joined by spaces and squashed."""
    return squash(" ".join(element.itertext()))


def _marked(root) -> list[tuple[object, frozenset[str]]]:  # noqa: ANN001 - lxml element
    """Elements whose id or class holds a boilerplate or lead word, with their lower-cased id and
    class words (the tests below read only these; a substring test first, words only on a hit)."""
    out = []
    for e in root.xpath("//*[@id or @class]"):
        ident, cls = (e.get("id") or "").lower(), (e.get("class") or "").lower()
        if _MARK_HINT.search(ident) or _MARK_HINT.search(cls):
            out.append((e, frozenset({ident, *cls.split()})))
    return out


def _clean_tree(root, marked) -> set[str]:  # noqa: ANN001
    """Turn layout tables into divs (so trafilatura treats them as page structure and keeps
    real data tables as tables) and drop comment / related-article blocks; return the texts of
    the links those blocks held."""
    plan = [(t, _own(t, ("thead", "tbody", "tfoot", "tr", "td", "th"))) for t in root.iter("table")
            if _is_layout_table(t)]
    for table, parts in plan:
        for element in [table, *parts]:
            element.tag = "div"
    dropped = [element for element, words in marked
               if words & _BOILERPLATE_TOKENS and element is not root and element.getparent() is not None]
    link_texts = _link_texts(dropped)
    for element in dropped:
        if element.getparent() is not None:
            element.drop_tree()
    return link_texts


# class/id words that mark an article's lead paragraph ("sapo" in Vietnamese and French CMSs)
_LEAD_TOKENS = frozenset({"sapo", "news-sapo", "lead", "lede", "head", "chapeau", "standfirst", "summary",
                          "article-summary", "article-lead", "intro", "description", "excerpt"})
_MARK_HINT = re.compile("|".join(sorted(map(re.escape, _BOILERPLATE_TOKENS | _LEAD_TOKENS), key=len, reverse=True)))


def _lead_texts(root, marked) -> list[str]:  # noqa: ANN001 - lxml element
    """Texts of the page's lead paragraphs, which trafilatura drops on some (table) layouts (those
    still in the page after ``_clean_tree``)."""
    out = []
    for e, words in marked:
        if words & _LEAD_TOKENS and e.tag not in ("meta", "head", "script", "style") \
                and (e is root or e.getroottree().getroot() is root):
            text = _element_text(e)
            if len(text) >= 40:
                out.append(text)
    return out


def _with_lead(body: str, leads: list[str]) -> str:
    """The body with each lead it lacks put in front of it."""
    squashed = squash(body)
    missing = [t for t in leads if t not in squashed]
    return "\n".join([*missing, body]) if missing else body


def _with_lists(body: str, root) -> str:  # noqa: ANN001 - lxml element
    """The body with each list trafilatura left out (it drops lists inside some containers, such
    as ``<div class="article">``) put back, as ``- item`` lines, under the line that introduces it
    in the page (the block right before the list, as cleaned by ``_clean_tree``).

    A list is put back when it has two or more items, none of them empty, not mostly link text
    (menus, teasers), none already in the body, and its introducing line is a line of the body;
    anything else is left as trafilatura gave it. The cheap test -- is the block before the list
    a line of the body -- comes first: most lists on a page (menus) fail it."""
    lines = body.split("\n")
    line_keys = {squash(line) for line in lines}
    squashed = squash(body)
    for lst in root.iter("ul", "ol"):
        before = lst.getprevious()
        if before is None:
            continue
        items = [li for li in lst if li.tag == "li"]
        if len(items) < 2:
            continue
        before_line = _normalise(_element_text(before))
        if not before_line or before_line not in line_keys:
            continue
        texts = [_element_text(li) for li in items]
        if not all(texts) or any(_normalise(text) in squashed for text in texts):
            continue
        link_chars = sum(len(squash(a.text_content())) for li in items for a in li.iter("a"))
        if link_chars * 2 > sum(map(len, texts)):
            continue
        at = next(k for k, line in enumerate(lines) if squash(line) == before_line)
        added = ["- " + _normalise(text) for text in texts]
        lines[at + 1:at + 1] = added
        line_keys.update(squash(line) for line in added)
    return "\n".join(lines)


def _page_metadata(tree, url: str | None):  # noqa: ANN001, ANN202 - lxml element -> trafilatura Document
    """Title, URL and publication date of a page exactly as ``bare_extraction(with_metadata=True)``
    finds them (trafilatura's own calls in its order, its date settings), without the fields we
    do not use -- author, site name, categories, tags, licence -- which cost ~3 ms a page."""
    from htmldate import find_date
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_title, extract_url
    from trafilatura.settings import DEFAULT_CONFIG, Document, set_date_params

    found = examine_meta(tree)
    try:
        found = extract_meta_json(tree, found)
    except Exception:  # noqa: BLE001 - as trafilatura: a broken JSON-LD block is not a broken page
        pass
    page = Document()
    page.title = found.title or extract_title(tree)
    page.url = found.url or extract_url(tree, url)
    params = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
    params["url"] = page.url
    page.date = find_date(tree, **params)
    page.clean_and_trim()
    return page


def _html_article(raw: RawDocument, text: str) -> Article:
    import trafilatura  # lazy: heavy import
    from lxml import etree

    tree = trafilatura.load_html(text)
    if tree is None:
        raise ExtractionError("not parseable as HTML")
    url, html_lang = _html_metadata(tree)
    root = tree.getroottree().getroot()
    marked = _marked(root)
    dropped_links = _clean_tree(root, marked)
    leads = _lead_texts(root, marked)
    page = _page_metadata(tree, url or raw.url or None)
    # scripts and style sheets (a third of a news page's bytes) are never text and the metadata has been
    # read from them: gone now, they are not copied with the tree by each of trafilatura's passes
    etree.strip_elements(root, "script", "style", with_tail=False)
    doc = trafilatura.bare_extraction(
        tree,
        url=url or raw.url or page.url or None,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    body = _normalise(doc.text or "") if doc is not None else ""
    if body:
        body = _with_lists(body, root)  # trafilatura worked on a copy: root is the cleaned page
    if body and leads:
        body = _with_lead(body, [_normalise(t) for t in leads])
    if not _has_prose(body, lambda line: _is_link_text(root, line, dropped_links)):
        raise ExtractionError("no article text found in HTML")
    # no fallback to dates in the body: on pages the first lines are often event dates
    published = _iso_date(raw.published) or _iso_date(page.date)
    return Article(
        doc_id=raw.doc_id,
        source=raw.source,
        text=body,
        title=(page.title or "").strip(),
        url=raw.url or url or (page.url or ""),  # a fetched page keeps its final URL; a file its canonical
        published=published,
        html_lang=html_lang,
    )


def _text_article(raw: RawDocument, text: str) -> Article:
    body = _normalise(text)
    if not body.strip():
        raise ExtractionError("empty text (whitespace only)")
    return Article(
        doc_id=raw.doc_id,
        source=raw.source,
        text=body,
        url=raw.url,
        published=_iso_date(raw.published) or date_from_text(body),
    )


def reset_caches() -> None:
    """Clear trafilatura's/htmldate's LRU caches (they grow ~1 MB per page on long runs)."""
    import trafilatura.meta

    trafilatura.meta.reset_caches()


def to_article(raw: RawDocument, *, max_bytes: int | None = DEFAULT_MAX_BYTES) -> Article:
    """Turn a RawDocument into an Article, or raise ExtractionError with a one-line reason."""
    if raw.error:
        raise ExtractionError(raw.error, ERROR)
    if raw.skip:
        raise ExtractionError(raw.skip, SKIPPED)
    content = raw.content
    if content is None:
        raise ExtractionError("no content", ERROR)
    if max_bytes is not None and len(content) > max_bytes:
        raise ExtractionError(too_large_reason(len(content), max_bytes))
    if not content.strip():
        raise ExtractionError("empty file")
    is_html = raw.kind == "html"
    text = decode_bytes(content, raw.encoding, sniff_meta=is_html)
    _check_is_text(text)
    return _html_article(raw, text) if is_html else _text_article(raw, text)
