"""The quality gate: per-language, per-split floors on the project's own corpora.

Floors live in ``corpora/floors.json``; a rule change that loses recall or precision below them
fails here. ``heldout`` splits are never used while writing rules: their scores are the honest ones.
"""

from __future__ import annotations

import pytest

from extractor.evaluate import score

from corpus import CORPORA, corpus_splits, floors, read_gold, run_directory

SPLITS = corpus_splits()


def test_corpora_are_found():
    langs = {lang for lang, _ in SPLITS}
    assert {"nl", "de"} <= langs
    for lang in langs:
        assert {"dev", "heldout"} <= {s for lg, s in SPLITS if lg == lang}, lang


def test_every_split_has_a_floor():
    pinned = {k: v for k, v in floors().items() if k != "comment"}
    missing = [f"{lang}/{split}" for lang, split in SPLITS if split not in pinned.get(lang, {})]
    assert not missing, f"no floor pinned for {missing} in corpora/floors.json"


@pytest.mark.parametrize("lang,split", SPLITS, ids=[f"{lg}/{s}" for lg, s in SPLITS])
def test_corpus_floor(lang, split):
    folder = CORPORA / lang / split
    rows, results = run_directory(str(folder))
    assert all(r.status != "error" for r in results), [(r.doc_id, r.error) for r in results if r.status == "error"]
    assert all(r.language == lang for r in results if r.status in ("ok", "no_figures")), \
        [(r.doc_id, r.language) for r in results if r.language != lang]
    scores = score(rows, read_gold(folder / "gold.csv"))
    floor = floors()[lang][split]
    overall = scores.overall
    assert overall.key_f1 >= floor["key_f1"], f"{lang}/{split} key F1 {overall.key_f1:.3f} < {floor['key_f1']}"
    assert overall.strict_f1 >= floor["strict_f1"], \
        f"{lang}/{split} strict F1 {overall.strict_f1:.3f} < {floor['strict_f1']}"


def test_scoreboard_is_current():
    """models/scores.json (shown by ``extractor languages``) holds what the rules score today.

    Regenerate with ``python -m extractor.scoreboard`` after changing rules or corpora.
    """
    from extractor import scoreboard

    recorded = scoreboard.load()
    for lang, split in SPLITS:
        rows, results = run_directory(str(CORPORA / lang / split))
        s = score(rows, read_gold(CORPORA / lang / split / "gold.csv")).overall
        rec = recorded.get(lang, {}).get(split)
        assert rec is not None, f"{lang}/{split} missing from models/scores.json"
        assert (rec["docs"], rec["gold"], rec["pred"]) == (len(results), s.n_gold, s.n_pred), (lang, split)
        assert abs(rec["key_f1"] - s.key_f1) < 0.0015 and abs(rec["strict_f1"] - s.strict_f1) < 0.0015, (lang, split)
