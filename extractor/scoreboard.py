"""Measured quality per language and corpus split, kept in ``models/scores.json``.

``python -m extractor.scoreboard`` runs every ``corpora/<lang>/<split>/`` through the extractor, scores
it against its ``gold.csv`` and rewrites ``models/scores.json``; ``extractor languages`` shows those
numbers. ``--check`` says whether the file still matches what the current rules score (the floors in
``corpora/floors.json`` are what the test suite holds the rules to).
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import lru_cache
from pathlib import Path

from .evaluate import read_gold, score
from .output import figure_rows
from .process import RunOptions, process_document
from .resources import language_codes, models_root
from .sources import iter_documents
from .types import DocumentResult

SCORES_FILE = "scores.json"


def corpus_splits(corpora: Path, langs: list[str] | None = None) -> list[tuple[str, str, Path]]:
    """(language, split, folder) of every ``<corpora>/<lang>/<split>/gold.csv`` of a supported language."""
    out = []
    for gold in sorted(corpora.glob("*/*/gold.csv")):
        lang, split = gold.parent.parent.name, gold.parent.name
        if lang in language_codes() and (langs is None or lang in langs):
            out.append((lang, split, gold.parent))
    return out


def run_folder(folder: Path) -> tuple[list[dict[str, str]], list[DocumentResult]]:
    """Figure rows and results of every document under ``folder`` (the corpus tests use it too)."""
    rows: list[dict[str, str]] = []
    results = []
    for raw in iter_documents([str(folder)]):
        result = process_document(raw, RunOptions())
        results.append(result)
        rows.extend(figure_rows(result))
    return rows, results


def measure_split(folder: Path) -> dict:
    """Documents, gold rows and scores of one corpus split."""
    rows, results = run_folder(folder)
    s = score(rows, read_gold(folder / "gold.csv")[0])
    o = s.overall
    return {
        "docs": len(results), "gold": o.n_gold, "pred": o.n_pred,
        "key_p": round(o.key_p, 3), "key_r": round(o.key_r, 3), "key_f1": round(o.key_f1, 3),
        "strict_f1": round(o.strict_f1, 3),
        "metrics": {m: round(v.key_f1, 3) for m, v in sorted(s.by_metric.items())},
    }


def measure(corpora: Path, langs: list[str] | None = None) -> dict:
    out: dict = {}
    for lang, split, folder in corpus_splits(corpora, langs):
        out.setdefault(lang, {})[split] = measure_split(folder)
    return out


@lru_cache(maxsize=1)
def load() -> dict:
    path = models_root() / SCORES_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def language_columns(code: str) -> dict[str, str]:
    """Corpus size and held-back scores of a language, for ``extractor languages``."""
    splits = load().get(code, {})
    docs = sum(s.get("docs", 0) for s in splits.values())
    held = splits.get("heldout", {})
    return {
        "corpus_docs": str(docs) if docs else "-",
        "heldout_key_f1": f"{held['key_f1']:.3f}" if held else "-",
        "heldout_strict_f1": f"{held['strict_f1']:.3f}" if held else "-",
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m extractor.scoreboard", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", default="corpora", help="corpus root (default: corpora)")
    ap.add_argument("--check", action="store_true", help="only compare with models/scores.json; exit 1 if different")
    args = ap.parse_args(argv)
    measured = measure(Path(args.corpora))
    if args.check:
        same = measured == load()
        print("models/scores.json is up to date" if same else "models/scores.json differs from a fresh measurement")
        return 0 if same else 1
    path = models_root() / SCORES_FILE
    path.write_text(json.dumps(measured, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for lang, splits in measured.items():
        for split, s in splits.items():
            print(f"{lang}/{split:9} docs {s['docs']:3} gold {s['gold']:4} key F1 {s['key_f1']:.3f} strict F1 {s['strict_f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
