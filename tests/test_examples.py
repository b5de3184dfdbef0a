"""The worked examples beside each language's rules (``models/<code>/examples.jsonl``).

Each line is a sentence or two with every figure it holds; an empty list means the text holds
none (the distractors). Languages and examples are discovered from disk.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from extractor.analysis import analyse
from extractor.resources import language_codes, models_root
from extractor.types import Article


def _examples():
    for code in language_codes():
        path = models_root() / code / "examples.jsonl"
        if not path.is_file():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield pytest.param(code, json.loads(line), id=f"{code}:{n}")


def _fig_dict(f) -> dict:
    return {
        "metric": f.metric, "value": f.value, "level": f.level, "place": f.place, "category": f.category,
        "period_start": f.period_start.isoformat() if f.period_start else "",
        "period_end": f.period_end.isoformat() if f.period_end else "",
    }


def test_every_language_has_examples():
    missing = [c for c in language_codes() if not (models_root() / c / "examples.jsonl").is_file()]
    assert not missing, f"languages without examples.jsonl: {missing}"


@pytest.mark.parametrize("code,example", list(_examples()))
def test_example(code, example):
    published = date.fromisoformat(example["published"]) if example.get("published") else None
    got = [_fig_dict(f) for f in analyse(Article("ex", "", example["text"], published=published), code)]
    want = example["figures"]
    assert sorted((g["metric"], g["value"]) for g in got) == sorted((w["metric"], w["value"]) for w in want), got
    for w in want:
        candidates = [g for g in got if (g["metric"], g["value"]) == (w["metric"], w["value"])]
        assert any(all(g[k] == v for k, v in w.items()) for g in candidates), (w, candidates)
