"""Score a figures CSV against gold: precision / recall / F1, overall, per language, per metric.

Matching follows ``/work/shared/tools/score.py``: per document, multiset matching of
predictions to gold rows; a *key* match needs the same (metric, value), a *strict* match also
the same place (ASCII-folded, case- and punctuation-insensitive). Strict pairs are taken first.
Unlike score.py, documents that appear only in the predictions count too: their predictions
are false positives (negative articles have no gold rows).

Gold is a CSV (``id, metric, value, level, place, category, year, note``) or a directory: every
``gold.csv`` below it is read and its ids are prefixed with the gold file's directory relative
to the root (``corpora/nl/dev/gold.csv`` id ``a`` -> ``nl/dev/a``). With a directory, only
predictions for documents inside a directory that has a gold file are scored; the others are
counted as ``ignored``.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.resources import data_folders
from extractor.text import ascii_fold

Row = Mapping[str, str]
UNKNOWN_LANGUAGE = "?"


def fold(text: str | None) -> str:
    """Fold Latin diacritics, lowercase, drop everything but letters and digits of any script
    (``Mông Cái`` -> ``mongcai``, ``ディエンビエン`` stays as written)."""
    return re.sub(r"[\W_]+", "", ascii_fold(text or "").lower())


def number(value: Any) -> float | None:
    try:
        return round(float(str(value).strip().replace(",", ".")), 4)
    except ValueError:
        return None


@dataclass(slots=True)
class PRF:
    """Counts for one bucket; precision/recall/F1 as properties (score.py conventions)."""

    n_pred: int = 0
    n_gold: int = 0
    key_tp: int = 0
    strict_tp: int = 0
    level_ok: int = 0  # strict matches whose level also agrees
    n_docs: int = 0

    def add(self, other: PRF) -> None:
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold
        self.key_tp += other.key_tp
        self.strict_tp += other.strict_tp
        self.level_ok += other.level_ok
        self.n_docs += other.n_docs

    def _p(self, tp: int) -> float:
        return tp / self.n_pred if self.n_pred else (1.0 if self.n_gold == 0 else 0.0)

    def _r(self, tp: int) -> float:
        return tp / self.n_gold if self.n_gold else 1.0

    @staticmethod
    def _f(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def key_p(self) -> float:
        return self._p(self.key_tp)

    @property
    def key_r(self) -> float:
        return self._r(self.key_tp)

    @property
    def key_f1(self) -> float:
        return self._f(self.key_p, self.key_r)

    @property
    def strict_p(self) -> float:
        return self._p(self.strict_tp)

    @property
    def strict_r(self) -> float:
        return self._r(self.strict_tp)

    @property
    def strict_f1(self) -> float:
        return self._f(self.strict_p, self.strict_r)

    @property
    def level_acc(self) -> float | None:
        return self.level_ok / self.strict_tp if self.strict_tp else None

    def as_dict(self) -> dict[str, Any]:
        r3 = lambda x: None if x is None else round(x, 3)  # noqa: E731
        return {
            "docs": self.n_docs, "pred": self.n_pred, "gold": self.n_gold,
            "key_tp": self.key_tp, "strict_tp": self.strict_tp,
            "key_p": r3(self.key_p), "key_r": r3(self.key_r), "key_f1": r3(self.key_f1),
            "strict_p": r3(self.strict_p), "strict_r": r3(self.strict_r), "strict_f1": r3(self.strict_f1),
            "level_acc": r3(self.level_acc),
        }


@dataclass(slots=True)
class Scores:
    overall: PRF = field(default_factory=PRF)
    by_language: dict[str, PRF] = field(default_factory=dict)
    by_metric: dict[str, PRF] = field(default_factory=dict)
    ignored_pred: int = 0  # predictions outside every gold directory (directory gold only)

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.as_dict(),
            "languages": {k: v.as_dict() for k, v in sorted(self.by_language.items())},
            "metrics": {k: v.as_dict() for k, v in sorted(self.by_metric.items())},
            "ignored_pred": self.ignored_pred,
        }


def match(preds: Sequence[Row], golds: Sequence[Row]) -> PRF:
    """Greedy multiset matching for one document: strict pairs first, then key pairs."""
    gold = [(g.get("metric", ""), number(g.get("value")), fold(g.get("place")), g.get("level", "")) for g in golds]
    pred = [(p.get("metric", ""), number(p.get("value")), fold(p.get("place")), p.get("level", "")) for p in preds]
    used_g: set[int] = set()
    used_p: set[int] = set()
    strict = level_ok = 0
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if j not in used_g and p[1] is not None and p[:3] == g[:3]:
                used_g.add(j)
                used_p.add(i)
                strict += 1
                level_ok += p[3] == g[3]
                break
    key = strict
    for i, p in enumerate(pred):
        if i in used_p:
            continue
        for j, g in enumerate(gold):
            if j not in used_g and p[1] is not None and p[:2] == g[:2]:
                used_g.add(j)
                used_p.add(i)
                key += 1
                break
    return PRF(n_pred=len(pred), n_gold=len(gold), key_tp=key, strict_tp=strict, level_ok=level_ok, n_docs=1)


def known_language_codes() -> frozenset[str]:
    """Supported languages plus every data folder with a ``language.json`` (rules may be pending)."""
    return frozenset(data_folders("language.json"))


def language_of(doc_id: str, preds: Sequence[Row], known: frozenset[str] | None = None) -> str:
    """The prediction's ``language`` column, else the doc_id's first path part if it is a language code."""
    for p in preds:
        if p.get("language"):
            return p["language"]
    first = doc_id.split("/", 1)[0]
    known = known_language_codes() if known is None else known
    return first if "/" in doc_id and first in known else UNKNOWN_LANGUAGE


def score(pred_rows: Iterable[Row], gold_rows: Iterable[Row], *, scope: Sequence[str] | None = None) -> Scores:
    """Score predictions (``doc_id`` keyed) against gold rows (``id`` keyed).

    ``scope``: when given, only predictions whose doc_id starts with one of these prefixes are
    scored (directory gold); others are counted in ``Scores.ignored_pred``.
    """
    gold: dict[str, list[Row]] = defaultdict(list)
    for g in gold_rows:
        gold[g["id"]].append(g)
    pred: dict[str, list[Row]] = defaultdict(list)
    scores = Scores()
    for p in pred_rows:
        doc_id = p.get("doc_id", "")
        if scope is not None and doc_id not in gold and not any(doc_id.startswith(s) for s in scope):
            scores.ignored_pred += 1
            continue
        pred[doc_id].append(p)
    known = known_language_codes()
    for doc_id in sorted(set(gold) | set(pred)):
        p, g = pred.get(doc_id, []), gold.get(doc_id, [])
        # a pair always has one metric, so the document's matching is the sum of its metrics' matchings
        doc = PRF()
        for metric in sorted({r.get("metric", "") for r in g} | {r.get("metric", "") for r in p}):
            part = match([r for r in p if r.get("metric", "") == metric], [r for r in g if r.get("metric", "") == metric])
            scores.by_metric.setdefault(metric, PRF()).add(part)
            doc.add(part)
        doc.n_docs = 1
        scores.overall.add(doc)
        scores.by_language.setdefault(language_of(doc_id, p, known), PRF()).add(doc)
    return scores


# ---------------------------------------------------------------- files


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def read_predictions(path: str | Path) -> list[dict[str, str]]:
    rows = _read_csv(Path(path))
    if rows and ("doc_id" not in rows[0] or "metric" not in rows[0] or "value" not in rows[0]):
        raise ValueError(f"{path} is not a figures CSV (needs doc_id, metric and value columns)")
    return rows


def read_gold(path: str | Path) -> tuple[list[dict[str, str]], list[str] | None]:
    """Gold rows from a CSV file or a directory of ``gold.csv`` files, and the id scope.

    The scope is None for a single file; for a directory it is the list of id prefixes of
    the directories holding a gold file ("" for the root itself, which covers everything).
    """
    root = Path(path)
    if not root.is_dir():
        rows = _read_csv(root)
        if rows and ("id" not in rows[0] or "metric" not in rows[0]):
            raise ValueError(f"{path} is not a gold CSV (needs id, metric and value columns)")
        return rows, None
    rows: list[dict[str, str]] = []
    scope: list[str] = []
    for gold_file in sorted(root.rglob("gold.csv")):
        if any(part.startswith(".") for part in gold_file.relative_to(root).parts):
            continue
        rel = gold_file.parent.relative_to(root).as_posix()
        prefix = "" if rel == "." else rel + "/"
        scope.append(prefix)
        for row in _read_csv(gold_file):
            row = dict(row)
            row["id"] = prefix + row["id"]
            rows.append(row)
    if not scope:
        raise ValueError(f"no gold.csv found below {path}")
    return rows, scope


def evaluate_files(pred_path: str | Path, gold_path: str | Path) -> Scores:
    gold_rows, scope = read_gold(gold_path)
    return score(read_predictions(pred_path), gold_rows, scope=scope)


def format_table(scores: Scores) -> str:
    header = f"{'bucket':<24} {'docs':>5} {'pred':>5} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6} {'strictP':>7} {'strictR':>7} {'strictF1':>8}"
    lines = [header, "-" * len(header)]

    def line(name: str, prf: PRF) -> str:
        return (f"{name:<24} {prf.n_docs:>5} {prf.n_pred:>5} {prf.n_gold:>5} {prf.key_p:>6.3f} {prf.key_r:>6.3f} "
                f"{prf.key_f1:>6.3f} {prf.strict_p:>7.3f} {prf.strict_r:>7.3f} {prf.strict_f1:>8.3f}")

    lines.append(line("overall", scores.overall))
    for lang, prf in sorted(scores.by_language.items()):
        lines.append(line(f"language {lang}", prf))
    for metric, prf in sorted(scores.by_metric.items()):
        lines.append(line(f"metric {metric}", prf))
    if scores.ignored_pred:
        lines.append(f"({scores.ignored_pred} predictions ignored: no gold.csv covers their documents)")
    return "\n".join(lines)
