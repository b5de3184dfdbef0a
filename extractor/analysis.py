"""From an article's text to figure records: run the language's pipeline, resolve periods."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from .langdata import load
from .periods import resolve
from .pipeline import get_pipeline
from .text import squash
from .types import Article, Figure


def _dedupe(figures: list[Figure]) -> list[Figure]:
    """One row per figure: a figure repeated (headline, lead, body) is kept once, where its place,
    else its level, else its period is known, if it is known anywhere. A repeat without a committee (or without a
    place, at the same level) is the same figure as one with metric, value and category in common.
    Two named places are two figures, whatever their levels ("Cao Xa (5) y Ngoc Thien (5)")."""
    def weight(f: Figure) -> tuple[bool, bool, bool]:  # a named place first (an all-caps headline
        return (f.place != "", f.level != "unknown", f.period_start is not None)  # may name only the level)

    kept: list[Figure] = []
    for f in figures:
        same = next((k for k, g in enumerate(kept)
                     if (g.metric, g.value, g.category) == (f.metric, f.value, f.category)
                     and not (g.place and f.place and g.place != f.place)
                     and ((g.level, g.place) == (f.level, f.place) or f.level == "unknown" or g.level == "unknown"
                          or (g.level == f.level and not (g.place and f.place)))
                     and (g.period_start is None or f.period_start is None or g.period_start == f.period_start)), None)
        if same is None:
            kept.append(f)
        elif weight(f) > weight(kept[same]):
            kept[same] = f
    return kept


def _pair_target(figure: Figure, span: Span, value: float) -> Figure:
    """"admitted 96/110 (of the target)": M, the target of the unit that admitted N (rule id in the
    namespace of the rule that read N)."""
    slash = span.text.rfind("/")
    lang = figure.rule_id.split(".")[0]
    return replace(figure, metric="target", value=value, rule_id=f"{lang}.target.n_of_m",
                   char_start=span.start_char + slash + 1 if slash >= 0 else span.start_char)


def figures_from_doc(doc: Doc, published, dateparser_lang: str) -> list[Figure]:
    out: list[Figure] = []
    for span in doc.spans["figures"]:
        info = span._.figure
        start, end = resolve(info.period, published, dateparser_lang)
        sentence = squash(span.sent.text)
        for m in info.committees:
            figure = Figure(
                metric=info.metric,
                value=info.value,
                unit=info.unit,
                committee=m.committee if m else "",
                level=(m.level if m else "") or "unknown",
                place=m.place if m else "",
                category=info.category,
                period_start=start,
                period_end=end,
                sentence=sentence,
                char_start=span.start_char,
                char_end=span.end_char,
                rule_id=info.rule_id,
            )
            out.append(figure)
            if info.of is not None:
                out.append(_pair_target(figure, span, info.of))
    return _dedupe(out)


def analyse(article: Article, lang: str) -> list[Figure]:
    """All figures in one article, in text order."""
    nlp = get_pipeline(lang)
    doc = nlp(article.text)
    return figures_from_doc(doc, article.published, load(lang).dateparser_code)
