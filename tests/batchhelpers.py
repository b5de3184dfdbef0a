"""Helpers for the batch tests (parallel, resume, Dask): a generated corpus of real articles,
a document function with misbehaving documents, and reading outputs.

``process`` is importable by spawned worker processes (tests/ is on their sys.path), so
tests can plug it in through ``BatchSettings.process`` -- monkeypatching does not reach
other processes.
"""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

from extractor.process import RunOptions, process_document
from extractor.types import DocumentResult, RawDocument

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


def _paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(SEEDS.glob("*.txt")):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 200]
    return paragraphs


def make_corpus(root: Path, n: int, *, markers: dict[int, str] | None = None) -> Path:
    """``n`` short articles (2-4 paragraphs of the seed articles, Dutch and German) in
    ``root/<lang-group>/<i>.txt``; every 7th is empty (skipped), ``markers`` adds a word
    (``SPIN``, ``HANG``, ``CRASH``) to chosen documents."""
    paragraphs = _paragraphs()
    markers = markers or {}
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        group = root / f"g{i // 25:02d}"
        group.mkdir(exist_ok=True)
        if i % 7 == 6:
            text = "   \n"
        else:
            k = 2 + i % 3
            start = (i * 5) % len(paragraphs)
            chosen = [paragraphs[(start + j) % len(paragraphs)] for j in range(k)]
            text = f"{10 + i % 18}/0{1 + i % 9}/2024\n\n" + "\n\n".join(chosen)
        if i in markers:
            text += f"\n\n{markers[i]}\n"
        (group / f"doc{i:04d}.txt").write_text(text, encoding="utf-8")
    return root


def process(raw: RawDocument, options: RunOptions) -> DocumentResult:
    """``process_document``, except for documents that contain a marker word:
    ``SPIN`` loops in Python, ``HANG`` blocks in C (sleep), ``CRASH`` ends the process."""
    content = raw.content or b""
    if b"SPIN" in content:
        while True:
            pass
    if b"HANG" in content:
        time.sleep(3600)
    if b"CRASH" in content:
        os._exit(3)
    return process_document(raw, options)


def read_rows(path: Path, drop: tuple[str, ...] = ()) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [{k: v for k, v in row.items() if k not in drop} for row in csv.DictReader(fh)]
