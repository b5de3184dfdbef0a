"""WARC reader: ``.warc`` / ``.warc.gz`` files -> RawDocuments, streamed record by record.

* ``response`` records with an HTML payload (HTTP 200) are documents; ``doc_id`` is the
  record's ``WARC-Target-URI``, ``source`` is ``"<file>#<offset>"``.
* ``warcinfo``, ``request``, ``metadata``, ``resource``, ``conversion`` and ``continuation``
  records are ignored; a ``revisit`` record (no payload of its own) is a ``skipped`` row.
* A response that is not HTTP 200, or not HTML, is a ``skipped`` row with the reason.
* A record that is truncated, whose ``Content-Length`` is wrong, whose block or payload digest
  does not match, or that cannot be decompressed/parsed is an ``error`` row; reading resumes at
  the next record boundary (next gzip member, or next ``WARC/1.x`` line), so the rest of the
  file is still processed.

Only one record payload is held in memory at a time (at most ``max_bytes`` of it).
Registered for ``.warc`` and ``.warc.gz`` by :func:`register`.
"""

from __future__ import annotations

import contextlib
import io
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from extractor.process import one_line
from extractor.sources import register_reader, too_large_reason
from extractor.types import RawDocument

SUFFIXES = (".warc", ".warc.gz")
#: records that carry no document and produce no row
IGNORED_TYPES = frozenset({"warcinfo", "request", "metadata", "resource", "conversion", "continuation"})
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = re.compile(rb"(?:^|\n)WARC/\d\.\d+\r?\n")
_SCAN_BLOCK = 1 << 20
_TARGET_URI = re.compile(rb"WARC-Target-URI:\s*<?([^\s>]+)")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]+)", re.I)


class _RecordError(Exception):
    """A record that is damaged; ``reason`` goes to the manifest."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _QuietIterator(ArchiveIterator):
    """warcio's iterator, with its 'Content-Length is invalid' warning captured instead of printed."""

    misaligned = False

    def _consume_blanklines(self):  # noqa: ANN202 - warcio's signature
        with contextlib.redirect_stderr(io.StringIO()) as buf:
            result = super()._consume_blanklines()
        if buf.getvalue():
            self.misaligned = True
        return result


def _content_type(record: ArcWarcRecord) -> str:
    value = record.http_headers.get_header("Content-Type") if record.http_headers else None
    return (value or "").strip()


def _charset(content_type: str) -> str | None:
    match = _CHARSET.search(content_type)
    return match.group(1) if match else None


def _read_payload(record: ArcWarcRecord, max_bytes: int | None) -> tuple[bytes, bool]:
    """``(payload, too_large)``; the record is always read to its end so digests get checked."""
    stream = record.content_stream()
    limit = None if max_bytes is None else max_bytes + 1
    chunks: list[bytes] = []
    kept = 0
    while True:
        block = stream.read(65536)
        if not block:
            break
        if limit is None or kept < limit:
            chunks.append(block)
            kept += len(block)
    too_large = max_bytes is not None and kept > max_bytes
    return (b"" if too_large else b"".join(chunks)), too_large


def _drain(record: ArcWarcRecord) -> None:
    while record.raw_stream.read(65536):
        pass


def _check_integrity(record: ArcWarcRecord, iterator: _QuietIterator) -> None:
    """Raise _RecordError for a truncated record, a wrong Content-Length or a failed digest."""
    remaining = getattr(record.raw_stream, "limit", 0)
    if remaining:
        raise _RecordError(f"truncated WARC record ({remaining} of {record.length} bytes missing)")
    iterator.read_to_end()  # consumes the blank lines after the record: detects a wrong length
    if iterator.misaligned:
        iterator.misaligned = False
        raise _RecordError("corrupt WARC record (Content-Length does not match the record)")
    checker = record.digest_checker
    if checker is not None and checker.passed is False:
        raise _RecordError(f"corrupt WARC record ({'; '.join(checker.problems)})")


def _skip_reason(record: ArcWarcRecord) -> str:
    """Why a (not ignored) record is a ``skipped`` row rather than a document ("" for a document)."""
    rec_type = record.rec_type
    if rec_type == "revisit":
        return "revisit record (no payload of its own)"
    if rec_type != "response":
        return f"WARC record type '{rec_type}' is not a document"
    if record.http_headers is None:
        return "response without HTTP headers"
    status = record.http_headers.get_statuscode() or ""
    if status != "200":
        return f"HTTP status {status or 'missing'}"
    mime = _content_type(record).split(";")[0].strip().lower()
    if mime and mime not in _HTML_TYPES:
        return f"not HTML ({mime})"
    return ""


def _document(record: ArcWarcRecord, iterator: _QuietIterator, source: str,
              max_bytes: int | None) -> RawDocument | None:
    """The RawDocument for one record, or None for a record type that is ignored."""
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    doc_id = uri or source
    ignored = record.rec_type in IGNORED_TYPES
    skip = "" if ignored else _skip_reason(record)
    if ignored or skip:
        _drain(record)
        _check_integrity(record, iterator)
        return None if ignored else RawDocument(doc_id, source, url=uri, skip=skip)
    payload, too_large = _read_payload(record, max_bytes)
    _check_integrity(record, iterator)
    if too_large:
        size = record.payload_length if record.payload_length and record.payload_length > 0 else max_bytes + 1
        return RawDocument(doc_id, source, url=uri, skip=too_large_reason(size, max_bytes))
    return RawDocument(doc_id, source, content=payload, url=uri, kind="html",
                       encoding=_charset(_content_type(record)))


def _next_boundary(fh: BinaryIO, after: int, gzipped: bool) -> int | None:
    """Offset of the next possible record start strictly after ``after`` (None: end of file)."""
    position = after + 1
    overlap = 16
    while True:
        fh.seek(position)
        block = fh.read(_SCAN_BLOCK)
        if not block:
            return None
        if gzipped:
            found = block.find(_GZIP_MAGIC)
            if found >= 0:
                return position + found
        else:
            match = _WARC_LINE.search(block)
            if match:
                return position + match.start() + (1 if block[match.start():match.start() + 1] == b"\n" else 0)
        if len(block) < _SCAN_BLOCK:
            return None
        position += len(block) - overlap


def _short_reason(exc: BaseException) -> str:
    """:func:`one_line` kept to printable ASCII and at most 100 characters (a parse error may
    quote the damaged bytes)."""
    line = "".join(ch for ch in one_line(exc) if ch.isprintable() and ord(ch) < 0x80)
    return line if len(line) <= 100 else line[:99] + "…"


def _tail_id(fh: BinaryIO, offset: int, gzipped: bool) -> str:
    """The WARC-Target-URI in the (damaged) bytes at ``offset``, if it can be read."""
    fh.seek(offset)
    data = fh.read(65536)
    if gzipped:  # decompress what can be decompressed of a damaged member
        inflater, text = zlib.decompressobj(16 + zlib.MAX_WBITS), b""
        for i in range(0, len(data), 64):
            try:
                text += inflater.decompress(data[i:i + 64])
            except zlib.error:
                break
        data = text
    match = _TARGET_URI.search(data)
    return match.group(1).decode("utf-8", "replace") if match else ""


def _has_data(fh: BinaryIO, offset: int) -> bool:
    fh.seek(offset)
    while block := fh.read(_SCAN_BLOCK):
        if block.strip():
            return True
    return False


def read_warc(path: Path, doc_id: str, max_bytes: int | None) -> Iterator[RawDocument]:
    """Yield one RawDocument per document record of the WARC file at ``path`` (see module doc)."""
    name = str(path)
    gzipped = path.name.lower().endswith(".gz")
    with path.open("rb") as fh:
        start: int | None = 0
        resyncing = False  # after a failure: stay silent until a record parses again
        while start is not None:
            fh.seek(start)
            iterator = _QuietIterator(fh, check_digests=True)
            record_offset = next_offset = start
            current_id = ""
            try:
                for record in iterator:
                    record_offset = iterator.offset
                    source = f"{name}#{record_offset}"
                    current_id = record.rec_headers.get_header("WARC-Target-URI") or source
                    doc = _document(record, iterator, source, max_bytes)
                    next_offset = iterator.offset
                    resyncing = False
                    current_id = ""
                    if doc is not None:
                        yield doc
                start = None  # end of file; whatever is left was not a record
                if _has_data(fh, next_offset) and not resyncing:
                    source = f"{name}#{next_offset}"
                    yield RawDocument(_tail_id(fh, next_offset, gzipped) or source, source,
                                      error="truncated WARC record (the file ends inside it)")
            except _RecordError as exc:
                yield RawDocument(current_id, f"{name}#{record_offset}", error=exc.reason)
                start = _next_boundary(fh, record_offset, gzipped)
            except Exception as exc:  # noqa: BLE001 - damaged bytes: one error row, then resynchronise
                failed_at = record_offset if current_id else next_offset
                if current_id or not resyncing:
                    source = f"{name}#{failed_at}"
                    reason = f"corrupt WARC record ({_short_reason(exc)})"
                    yield RawDocument(current_id or _tail_id(fh, failed_at, gzipped) or source, source,
                                      error=reason)
                resyncing = True
                start = _next_boundary(fh, failed_at, gzipped)


def register() -> None:
    """Add the WARC reader to the reader registry (idempotent)."""
    register_reader(SUFFIXES, read_warc)
