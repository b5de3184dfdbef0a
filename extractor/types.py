"""Plain data records that flow between the pipeline stages.

Every stage takes and returns these; none of them does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# manifest statuses
OK = "ok"
NO_FIGURES = "no_figures"
SKIPPED = "skipped"
ERROR = "error"
#: every manifest status, in the order counts are reported
STATUSES = (OK, NO_FIGURES, SKIPPED, ERROR)


@dataclass(slots=True)
class RawDocument:
    """One input document as a reader found it, before any parsing.

    A reader that cannot produce the bytes (unreadable file, dead URL, corrupt WARC
    record) still yields a RawDocument, with ``error`` (or ``skip``) set, so that the
    document becomes a manifest row instead of vanishing.
    """

    doc_id: str
    source: str  # file path, URL, or "archive.warc.gz#offset"
    content: bytes | None = None
    url: str = ""
    kind: str = "html"  # "html" or "text": how to turn the bytes into an Article
    encoding: str | None = None  # declared by the container (HTTP header), if any
    published: str = ""  # ISO date given by the container (JSONL field), if any
    error: str = ""  # reader-level failure -> manifest status "error"
    skip: str = ""  # reader-level refusal -> manifest status "skipped"


@dataclass(slots=True)
class Article:
    """The main text of a document and its metadata."""

    doc_id: str
    source: str
    text: str
    title: str = ""
    url: str = ""
    published: date | None = None
    html_lang: str = ""  # <html lang>, a fallback hint for language detection


@dataclass(slots=True)
class Figure:
    """One figure found in an article, with the evidence that supports it."""

    metric: str  # admitted | target | achieved_pct | increase | total_members | share_pct
    value: float
    unit: str  # "members" or "percent"
    committee: str  # as written in the article ("" when unknown)
    level: str  # province city town district commune ward bloc cell grassroots unknown
    place: str  # ASCII-folded place name, "" when the article does not name it
    category: str  # short English label for breakdown rows, "" for totals
    period_start: date | None
    period_end: date | None
    sentence: str
    char_start: int  # offsets of the evidence in Article.text
    char_end: int
    rule_id: str


@dataclass(slots=True)
class DocumentResult:
    """What processing one document produced: its manifest row and its figures."""

    doc_id: str
    source: str
    status: str
    language: str = ""
    lang_prob: float | None = None
    error: str = ""
    elapsed_ms: int = 0
    article: Article | None = None
    figures: list[Figure] = field(default_factory=list)
