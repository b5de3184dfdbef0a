"""Helpers shared by the quality tests: find corpora on disk, run them through the pipeline."""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path

from extractor.output import figure_rows
from extractor.process import RunOptions, process_document
from extractor.resources import language_codes
from extractor.sources import iter_documents

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SHARED = ROOT.parent / "shared"
FLOORS = CORPORA / "floors.json"


def corpus_splits() -> list[tuple[str, str]]:
    """(language, split) for every ``corpora/<lang>/<split>/gold.csv`` of a supported language."""
    out = []
    for gold in sorted(CORPORA.glob("*/*/gold.csv")):
        lang, split = gold.parent.parent.name, gold.parent.name
        if lang in language_codes():
            out.append((lang, split))
    return out


def read_gold(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=None)
def run_directory(path: str, lang: str | None = None) -> tuple[tuple[dict[str, str], ...], tuple]:
    """Figure rows and results of every document under ``path`` (cached per test session)."""
    rows, results = [], []
    options = RunOptions(lang=lang)
    for raw in iter_documents([path]):
        result = process_document(raw, options)
        results.append(result)
        rows.extend(figure_rows(result))
    return tuple(rows), tuple(results)


def floors() -> dict:
    return json.loads(FLOORS.read_text(encoding="utf-8"))
