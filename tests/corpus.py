"""Helpers shared by the quality tests: find corpora on disk, run them through the pipeline (with the
scoreboard's own loop, so that the tests and ``models/scores.json`` measure the same thing)."""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path

from extractor import scoreboard

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SHARED = ROOT.parent / "shared"
FLOORS = CORPORA / "floors.json"


def corpus_splits() -> list[tuple[str, str]]:
    """(language, split) for every ``corpora/<lang>/<split>/gold.csv`` of a supported language."""
    return [(lang, split) for lang, split, _ in scoreboard.corpus_splits(CORPORA)]


def read_gold(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=None)
def run_directory(path: str) -> tuple[tuple[dict[str, str], ...], tuple]:
    """Figure rows and results of every document under ``path`` (cached per test session)."""
    rows, results = scoreboard.run_folder(Path(path))
    return tuple(rows), tuple(results)


def floors() -> dict:
    return json.loads(FLOORS.read_text(encoding="utf-8"))
