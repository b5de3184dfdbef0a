"""JSONL reader: ``.jsonl`` (and ``.jsonl.gz``) dumps -> RawDocuments, one line at a time.

Each line is a JSON object ``{"id", "url", "html" | "text", "published"?}``. ``doc_id`` is the
``id`` field; ``source`` is ``"<file>:<line number>"``. ``html`` wins when both bodies are given.
A line that is not valid JSON (a half-written last line, bad UTF-8), lacks an ``id``, or has no
``html``/``text`` string is an ``error`` row with ``doc_id`` ``"<file stem>:<line number>"``
(or its ``id`` when it has one); blank lines are ignored. Registered by :func:`register`.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extractor.sources import register_reader, too_large_reason
from extractor.types import RawDocument

SUFFIXES = (".jsonl", ".jsonl.gz")


def _text_field(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    return value if isinstance(value, str) else ""


def _id_of(obj: dict[str, Any]) -> str:
    value = obj.get("id")
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    return value.strip() if isinstance(value, str) else ""


def parse_line(line: bytes, fallback_id: str, source: str, max_bytes: int | None) -> RawDocument | None:
    """One JSONL line -> a RawDocument (None for a blank line)."""
    if not line.strip():
        return None
    if max_bytes is not None and len(line) > max_bytes:
        return RawDocument(fallback_id, source, skip=too_large_reason(len(line), max_bytes))
    try:
        obj = json.loads(line)
    except UnicodeDecodeError:
        return RawDocument(fallback_id, source, error="invalid JSONL line (not UTF-8)")
    except ValueError as exc:
        return RawDocument(fallback_id, source, error=f"invalid JSONL line ({str(exc).splitlines()[0]})")
    if not isinstance(obj, dict):
        return RawDocument(fallback_id, source, error="invalid JSONL line (not a JSON object)")
    doc_id = _id_of(obj)
    url = _text_field(obj, "url")
    if not doc_id:
        return RawDocument(fallback_id, source, url=url, error="JSONL record without an 'id'")
    published = _text_field(obj, "published")
    html, text = _text_field(obj, "html"), _text_field(obj, "text")
    if not html and not text:
        return RawDocument(doc_id, source, url=url, error="JSONL record without an 'html' or 'text' string")
    kind, body = ("html", html) if html else ("text", text)
    return RawDocument(doc_id, source, content=body.encode("utf-8"), url=url, kind=kind, encoding="utf-8",
                       published=published)


def _open(path: Path):  # noqa: ANN202 - binary file object
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


def read_jsonl(path: Path, doc_id: str, max_bytes: int | None) -> Iterator[RawDocument]:
    """Yield one RawDocument per non-blank line of ``path`` (``doc_id`` is the file's id, used
    with the line number for lines that carry no id of their own)."""
    with _open(path) as fh:
        for number, line in enumerate(fh, start=1):
            doc = parse_line(line, f"{doc_id}:{number}", f"{path}:{number}", max_bytes)
            if doc is not None:
                yield doc


def register() -> None:
    """Add the JSONL reader to the reader registry (idempotent)."""
    register_reader(SUFFIXES, read_jsonl)
