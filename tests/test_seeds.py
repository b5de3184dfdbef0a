"""The two seed articles the project started from (``../shared/seeds``): scores, distractors, HTML.

Skipped with a reason where the shared folder is not beside the checkout.
"""

from __future__ import annotations

import csv
import re
from datetime import date

import pytest
from htmlwrap import wrap_html

from corpus import SHARED, read_gold, run_directory
from extractor.evaluate import score

SEEDS = SHARED / "seeds"
pytestmark = pytest.mark.skipif(not (SEEDS / "gold.csv").is_file(), reason="../shared/seeds not present")


def _seed_rows():
    rows, results = run_directory(str(SEEDS))
    return rows, results


def test_seed_scores():
    rows, _ = _seed_rows()
    scores = score(rows, read_gold(SEEDS / "gold.csv"))
    assert scores.overall.key_f1 >= 0.95, scores.as_dict()
    assert scores.overall.strict_f1 >= 0.90, scores.as_dict()


def test_seed_languages_detected():
    _, results = _seed_rows()
    assert {r.doc_id: r.language for r in results} == {
        "000_3a3d6f203a431f28": "nl", "001_c4738c51de09afae": "de"}


def test_no_distractor_becomes_a_figure():
    rows, results = _seed_rows()
    texts = {r.doc_id: r.article.text for r in results}
    with (SEEDS / "distractors.csv").open(newline="", encoding="utf-8") as fh:
        distractors = list(csv.DictReader(fh))
    for d in distractors:
        text = texts[d["id"]]
        needle = re.escape(d["text_number"])
        pattern = rf"\b{needle}\b" if d["text_number"][0].isalpha() else rf"(?<![\d.,]){needle}(?!\d)"
        spans = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
        assert spans, f"distractor {d['text_number']!r} not found in {d['id']}"
        for row in rows:
            if row["doc_id"] != d["id"]:
                continue
            a, b = int(row["char_start"]), int(row["char_end"])
            assert not any(a < e and s < b for s, e in spans), (d, row["value"], row["sentence"])


def test_evidence_offsets_point_at_the_figure():
    rows, results = _seed_rows()
    texts = {r.doc_id: r.article.text for r in results}
    for row in rows:
        surface = texts[row["doc_id"]][int(row["char_start"]):int(row["char_end"])]
        assert re.sub(r"\D", "", surface).lstrip("0").startswith(row["value"].split(".")[0].lstrip("0")[:1]), (surface, row)
        assert surface in row["sentence"] or " ".join(surface.split()) in row["sentence"]


def test_dutch_seed_publication_date_and_periods():
    rows, results = _seed_rows()
    nl = next(r for r in results if r.doc_id.startswith("000_"))
    assert nl.article.published == date(2024, 9, 16)
    tien_yen = [r for r in rows if r["place"] == "Tien Yen" and r["metric"] == "admitted" and not r["category"]]
    assert [(r["value"], r["period_start"], r["period_end"]) for r in tien_yen] == [("110", "2024-01-01", "2024-08-31")]


def test_seeds_wrapped_in_html_score_the_same(tmp_path):
    """The same articles as web pages with navigation, banners and related-article lists."""
    for src in sorted(SEEDS.glob("*.txt")):
        lines = src.read_text(encoding="utf-8").split("\n")
        paras = [p for p in "\n".join(lines).split("\n\n") if p.strip()]
        lang = "nl" if src.name.startswith("000_") else "de"
        page = wrap_html(paras[1] if lang == "nl" else "Parteientwicklung", paras, "2024-09-16", lang)
        (tmp_path / (src.stem + ".html")).write_bytes(page)
    html_rows, _ = run_directory(str(tmp_path))
    txt_rows, _ = _seed_rows()
    key = lambda rows: sorted((r["doc_id"], r["metric"], r["value"], r["place"], r["category"]) for r in rows)  # noqa: E731
    gold = read_gold(SEEDS / "gold.csv")
    assert score(html_rows, gold).overall.key_f1 >= 0.95
    assert key(html_rows) == key(txt_rows)
