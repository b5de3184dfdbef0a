"""Writers for the figures table (CSV or JSONL) and the per-document manifest CSV.

Rows are written as each document completes (streaming). Every file is written to a
temporary file in the destination directory and moved into place with ``os.replace`` only
when the run finishes (``commit``); an interrupted or failed run leaves no partial file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from extractor.types import DocumentResult, Figure

FIGURE_COLUMNS: tuple[str, ...] = (
    "doc_id", "url", "title", "published", "language", "committee", "level", "place", "metric",
    "value", "unit", "category", "period_start", "period_end", "sentence", "char_start", "char_end",
    "rule_id",
)
MANIFEST_COLUMNS: tuple[str, ...] = (
    "doc_id", "source", "status", "language", "lang_prob", "n_figures", "error", "elapsed_ms",
)
FORMATS = ("csv", "jsonl")


def format_value(value: float | int) -> str:
    """``3411.0`` -> ``"3411"``, ``38.5`` -> ``"38.5"``: no exponent, no grouping, no ``.0``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"figure value must be a number, got {value!r}")
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"figure value is not finite: {value!r}")
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def figure_row(result: DocumentResult, figure: Figure) -> dict[str, str]:
    """One output row (all values as strings, in FIGURE_COLUMNS order)."""
    article = result.article
    return {
        "doc_id": result.doc_id,
        "url": article.url if article else "",
        "title": article.title if article else "",
        "published": _iso(article.published) if article else "",
        "language": result.language,
        "committee": figure.committee,
        "level": figure.level,
        "place": figure.place,
        "metric": figure.metric,
        "value": format_value(figure.value),
        "unit": figure.unit,
        "category": figure.category,
        "period_start": _iso(figure.period_start),
        "period_end": _iso(figure.period_end),
        "sentence": figure.sentence,
        "char_start": str(figure.char_start),
        "char_end": str(figure.char_end),
        "rule_id": figure.rule_id,
    }


def figure_rows(result: DocumentResult) -> Iterator[dict[str, str]]:
    for figure in result.figures:
        yield figure_row(result, figure)


def manifest_row(result: DocumentResult) -> dict[str, str]:
    return {
        "doc_id": result.doc_id,
        "source": result.source,
        "status": result.status,
        "language": result.language,
        "lang_prob": "" if result.lang_prob is None else f"{result.lang_prob:.3f}".rstrip("0").rstrip("."),
        "n_figures": str(len(result.figures)),
        "error": " ".join(result.error.split()),
        "elapsed_ms": str(result.elapsed_ms),
    }


# ---------------------------------------------------------------- encoding
#
# The one definition of the bytes of each table: the writers below and the batch workers
# (``extractor.worker``) both encode through these, so inline and batch runs write the same.


def _csv_text(columns: Sequence[str], rows: Iterable[dict[str, str]], header: bool = False) -> str:
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _jsonl_line(row: dict[str, str], figure: Figure) -> str:
    """One figure as JSON: the CSV row's keys, with value and offsets as JSON numbers."""
    obj: dict[str, Any] = dict(row)
    obj["value"] = json.loads(row["value"])
    obj["char_start"], obj["char_end"] = figure.char_start, figure.char_end
    return json.dumps(obj, ensure_ascii=False) + "\n"


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r} (expected one of {', '.join(FORMATS)})")


def figures_header(fmt: str) -> str:
    """The text a figures file starts with (the CSV header line; nothing for JSONL)."""
    _check_format(fmt)
    return _csv_text(FIGURE_COLUMNS, (), header=True) if fmt == "csv" else ""


def manifest_header() -> str:
    return _csv_text(MANIFEST_COLUMNS, (), header=True)


def encode_figures(results: Iterable[DocumentResult], fmt: str) -> str:
    """The figure rows of ``results`` (no header) as CSV or JSONL text."""
    _check_format(fmt)
    if fmt == "csv":
        return _csv_text(FIGURE_COLUMNS, (row for result in results for row in figure_rows(result)))
    return "".join(_jsonl_line(row, figure) for result in results
                   for row, figure in zip(figure_rows(result), result.figures))


def encode_manifest(results: Iterable[DocumentResult]) -> str:
    """The manifest rows of ``results`` (no header) as CSV text."""
    return _csv_text(MANIFEST_COLUMNS, (manifest_row(result) for result in results))


class AtomicFile:
    """A file written under a unique temporary name beside ``path`` and renamed into place on
    ``commit()`` (after an fsync, unless ``fsync=False``). Text (UTF-8, newlines untranslated)
    unless ``binary``.

    Opening fails (OSError) when the destination directory is missing or not writable.
    ``abort()`` (or leaving a ``with`` block by an exception, or a failing ``commit()``)
    removes the temporary file.
    """

    def __init__(self, path: str | os.PathLike[str], *, binary: bool = False, fsync: bool = True) -> None:
        self.path = Path(path)
        directory = self.path.parent
        self.tmp_path = directory / f".{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}.part"
        # mode 0o666 minus the umask, like a normal open(); O_EXCL: never clobber anything
        fd = os.open(self.tmp_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        self.fh: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        self._fsync = fsync
        self._done = False

    def commit(self) -> None:
        if self._done:
            return
        try:
            self.fh.flush()
            if self._fsync:
                os.fsync(self.fh.fileno())
            self.fh.close()
            os.replace(self.tmp_path, self.path)
        except BaseException:
            self.abort()
            raise
        self._done = True

    def abort(self) -> None:
        if self._done:
            return
        self._done = True
        try:
            self.fh.close()
        finally:
            try:
                self.tmp_path.unlink()
            except FileNotFoundError:
                pass

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, fsync: bool = True) -> None:
    """Replace ``path`` with ``data`` (str: UTF-8) atomically: a reader sees the old file or the
    new one, never part of it; with ``fsync`` the new content is on disk before the rename."""
    with AtomicFile(path, binary=True, fsync=fsync) as file:
        file.fh.write(data.encode("utf-8") if isinstance(data, str) else data)


class _TableWriter:
    """Base: an AtomicFile plus ``write(result)``; subclasses say how rows are encoded."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.file = AtomicFile(path)
        self.n_rows = 0

    @property
    def path(self) -> Path:
        return self.file.path

    def commit(self) -> None:
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()

    def __enter__(self) -> _TableWriter:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


class _FigureWriter(_TableWriter):
    fmt = "csv"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(path)
        self.file.fh.write(figures_header(self.fmt))

    def write(self, result: DocumentResult) -> int:
        text = encode_figures([result], self.fmt)  # all rows of a document are encoded before any is written
        self.file.fh.write(text)
        self.file.fh.flush()
        self.n_rows += len(result.figures)
        return len(result.figures)


class CsvFigureWriter(_FigureWriter):
    fmt = "csv"


class JsonlFigureWriter(_FigureWriter):
    """One JSON object per figure, same keys as the CSV; value and offsets as JSON numbers."""

    fmt = "jsonl"


class ManifestWriter(_TableWriter):
    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(path)
        self.file.fh.write(manifest_header())

    def write(self, result: DocumentResult) -> int:
        self.file.fh.write(encode_manifest([result]))
        self.file.fh.flush()
        self.n_rows += 1
        return 1


def open_figure_writer(path: str | os.PathLike[str], fmt: str = "csv") -> CsvFigureWriter | JsonlFigureWriter:
    _check_format(fmt)
    return CsvFigureWriter(path) if fmt == "csv" else JsonlFigureWriter(path)
