"""Writers for the figures table (CSV or JSONL) and the per-document manifest CSV.

Rows are written as each document completes (streaming). Every file is written to a
temporary file in the destination directory and moved into place with ``os.replace`` only
when the run finishes (``commit``); an interrupted or failed run leaves no partial file.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
from collections.abc import Iterator
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


class AtomicFile:
    """A text file written under a temporary name and renamed into place on ``commit()``.

    Opening fails (OSError) when the destination directory is missing or not writable.
    ``abort()`` (or leaving a ``with`` block by an exception) removes the temporary file.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        directory = self.path.parent
        self.tmp_path = directory / f".{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}.part"
        # mode 0o666 minus the umask, like a normal open(); O_EXCL: never clobber anything
        fd = os.open(self.tmp_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        self.fh: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self._done = False

    def commit(self) -> None:
        if self._done:
            return
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        os.replace(self.tmp_path, self.path)
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


class CsvFigureWriter(_TableWriter):
    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(path)
        self._csv = csv.DictWriter(self.file.fh, fieldnames=FIGURE_COLUMNS, lineterminator="\r\n")
        self._csv.writeheader()

    def write(self, result: DocumentResult) -> int:
        rows = list(figure_rows(result))  # encode all rows of a document before writing any
        self._csv.writerows(rows)
        self.file.fh.flush()
        self.n_rows += len(rows)
        return len(rows)


class JsonlFigureWriter(_TableWriter):
    """One JSON object per figure, same keys as the CSV; value and offsets as JSON numbers."""

    def write(self, result: DocumentResult) -> int:
        lines = []
        for row, figure in zip(figure_rows(result), result.figures):
            obj: dict[str, Any] = dict(row)
            obj["value"] = json.loads(row["value"])
            obj["char_start"], obj["char_end"] = figure.char_start, figure.char_end
            lines.append(json.dumps(obj, ensure_ascii=False) + "\n")
        self.file.fh.writelines(lines)
        self.file.fh.flush()
        self.n_rows += len(lines)
        return len(lines)


class ManifestWriter(_TableWriter):
    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(path)
        self._csv = csv.DictWriter(self.file.fh, fieldnames=MANIFEST_COLUMNS, lineterminator="\r\n")
        self._csv.writeheader()

    def write(self, result: DocumentResult) -> int:
        self._csv.writerow(manifest_row(result))
        self.file.fh.flush()
        self.n_rows += 1
        return 1


def open_figure_writer(path: str | os.PathLike[str], fmt: str = "csv") -> CsvFigureWriter | JsonlFigureWriter:
    if fmt == "csv":
        return CsvFigureWriter(path)
    if fmt == "jsonl":
        return JsonlFigureWriter(path)
    raise ValueError(f"unknown output format {fmt!r} (expected one of {', '.join(FORMATS)})")
