"""Engine behaviour shared by every language: repeats, ranges, N/M counts."""

from __future__ import annotations

from datetime import date

from extractor.analysis import _dedupe, analyse
from extractor.numbers import NumberParser
from extractor.types import Article, Figure


def _figure(value: float, place: str, level: str = "unknown", sentence: str = "s", start: int = 0) -> Figure:
    return Figure(metric="admitted", value=value, unit="members", committee=place, level=level, place=place,
                  category="", period_start=None, period_end=None, sentence=sentence, char_start=start,
                  char_end=start + 1, rule_id="en.admitted.x")


def test_a_repeat_is_kept_once_but_two_named_places_are_two_figures():
    headline = _figure(195, "Mong Cai", "city", "headline", 0)
    body = _figure(195, "", "unknown", "body", 50)
    assert _dedupe([headline, body]) == [headline]
    cao_xa, ngoc_thien = _figure(5, "Cao Xa", start=10), _figure(5, "Ngoc Thien", "commune", start=20)
    assert _dedupe([cao_xa, ngoc_thien]) == [cao_xa, ngoc_thien]


def test_a_bullet_dash_on_the_next_line_is_no_range():
    text = "Ethnic minorities: 80\n- 18-30 year olds: 52"
    found = [(text[m.start:m.end], m.kind) for m in NumberParser.for_language("en").parse(text)]
    assert ("80", "number") in found and ("52", "number") in found


def test_n_of_m_gives_the_count_and_the_target_of_the_same_unit():
    text = "Bao Lac district admitted 57/60 new party members in 2025."
    figures = analyse(Article(doc_id="x", source="x", text=text, published=date(2025, 7, 1)), "en")
    got = {(f.metric, f.value, f.place, text[f.char_start:f.char_end]) for f in figures}
    assert got == {("admitted", 57, "Bao Lac", "57/60"), ("target", 60, "Bao Lac", "60")}
    assert {f.rule_id for f in figures if f.metric == "target"} == {"en.target.n_of_m"}


def test_table_cells_take_the_metric_of_their_column_header():
    text = ("Results of the main units:\n"
            "| Unit | Target | New members | Against the plan | Women |\n"
            "|---|---|---|---|---|\n"
            "| Bac Ninh city | 336 | 312 | 92.9% | 140 |\n"
            "| Tu Son city | 240 | 205 | 85.4% | 98 |\n")
    figures = analyse(Article(doc_id="x", source="x", text=text, published=date(2024, 12, 1)), "en")
    by_column = {(f.metric, f.value, f.place) for f in figures if f.rule_id == "en.table.column"}
    assert by_column == {("target", 336, "Bac Ninh"), ("admitted", 312, "Bac Ninh"), ("achieved_pct", 92.9, "Bac Ninh"),
                         ("target", 240, "Tu Son"), ("admitted", 205, "Tu Son"), ("achieved_pct", 85.4, "Tu Son")}
    # a column whose header names no metric ("Women") is left to the ordinary rules
    assert not any(f.value in (140, 98) and f.rule_id == "en.table.column" for f in figures)


def test_a_table_without_a_header_row_is_read_by_the_rules_only():
    text = "| Bac Ninh city | 336 | 312 |\n| Tu Son city | 240 | 205 |\n"
    figures = analyse(Article(doc_id="x", source="x", text=text, published=date(2024, 12, 1)), "en")
    assert not any(f.rule_id.endswith(".table.column") for f in figures)


def test_a_percent_sign_in_a_column_header_makes_its_bare_cells_percentages():
    text = ("Results of the main units:\n"
            "| Unit | New members | Target | Achieved (%) |\n"
            "|---|---|---|---|\n"
            "| Bac Ninh city | 312 | 336 | 92.9 |\n"
            "| Tu Son city | 205 | 240 | 85 |\n")
    figures = analyse(Article(doc_id="x", source="x", text=text, published=date(2024, 12, 1)), "en")
    by_column = {(f.metric, f.value, f.unit, f.place) for f in figures if f.rule_id == "en.table.column"}
    assert {("achieved_pct", 92.9, "percent", "Bac Ninh"), ("achieved_pct", 85, "percent", "Tu Son"),
            ("admitted", 312, "members", "Bac Ninh")} <= by_column
    # without the sign, a bare number under the same header is no percentage
    plain = analyse(Article(doc_id="x", source="x", text=text.replace(" (%)", ""), published=date(2024, 12, 1)), "en")
    assert not any(f.metric == "achieved_pct" and f.value == 85 for f in plain)


def test_a_repeat_keeps_the_copy_that_names_the_place():
    headline = _figure(168, "", "province", "DONG NAI ADMITS 168", 0)
    body = _figure(168, "Dong Nai", "province", "body", 50)
    assert _dedupe([headline, body]) == [body]
    assert _dedupe([body, headline]) == [body]
