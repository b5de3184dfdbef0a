"""The same article written in several languages gives the same figures.

``corpora/<lang>/parallel/<name>.*`` render one set of facts per ``<name>`` in every language; for
each name found in two or more supported languages, the extracted (metric, value) multisets must
agree with each other and with the gold.
"""

from __future__ import annotations

from collections import Counter

import pytest

from corpus import CORPORA, corpus_splits, read_gold, run_directory

LANGS = sorted(lang for lang, split in corpus_splits() if split == "parallel")


def _figures(lang: str) -> dict[str, Counter]:
    rows, _ = run_directory(str(CORPORA / lang / "parallel"))
    out: dict[str, Counter] = {}
    for r in rows:
        out.setdefault(r["doc_id"], Counter())[(r["metric"], float(r["value"]))] += 1
    return out


def _names() -> list[str]:
    seen = Counter(g["id"] for lang in LANGS for g in {g["id"]: g for g in read_gold(CORPORA / lang / "parallel" / "gold.csv")}.values())
    return sorted(n for n, k in seen.items() if k >= 2)


def test_there_are_parallel_sets():
    assert len(LANGS) >= 2 and len(_names()) >= 3


@pytest.mark.parametrize("name", _names())
def test_languages_agree(name):
    got = {lang: _figures(lang).get(name, Counter()) for lang in LANGS}
    gold = {}
    for lang in LANGS:
        rows = [g for g in read_gold(CORPORA / lang / "parallel" / "gold.csv") if g["id"] == name]
        if rows:
            gold[lang] = Counter((g["metric"], float(g["value"])) for g in rows)
    # the gold itself is the same fact sheet in every language
    assert len({frozenset(c.items()) for c in gold.values()}) == 1, gold
    reference = next(iter(gold.values()))
    disagree = {lang: sorted((got[lang] - reference).elements()) + [("missing",) + k for k in (reference - got[lang]).elements()]
                for lang in gold if got[lang] != reference}
    assert not disagree, disagree
