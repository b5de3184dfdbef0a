"""From an article's text to figure records: run the language's pipeline, resolve periods."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from .langdata import load
from .periods import resolve
from .pipeline import get_pipeline
from .text import squash
from .types import Article, Figure


def _dedupe(figures: list[Figure]) -> list[Figure]:
    """One row per figure: a figure repeated (headline, lead, body) is kept once, where its period
    is known if it is known anywhere."""
    best: dict[tuple, int] = {}
    out: list[Figure | None] = []
    for f in figures:
        key = (f.metric, f.value, f.level, f.place, f.category)
        k = best.get(key)
        if k is not None:
            prev = out[k]
            if prev.period_start is None and f.period_start is not None:
                out[k] = None
            elif f.period_start is None or f.period_start == prev.period_start:
                continue
        best[key] = len(out)
        out.append(f)
    return [f for f in out if f is not None]


def figures_from_doc(doc: Doc, published, dateparser_lang: str) -> list[Figure]:
    out: list[Figure] = []
    for span in doc.spans["figures"]:
        info = span._.figure
        start, end = resolve(info.period, published, dateparser_lang)
        sentence = squash(span.sent.text)
        for m in info.committees:
            out.append(Figure(
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
            ))
    return _dedupe(out)


def analyse(article: Article, lang: str) -> list[Figure]:
    """All figures in one article, in text order."""
    nlp = get_pipeline(lang)
    doc = nlp(article.text)
    return figures_from_doc(doc, article.published, load(lang).dateparser_code)


def analyse_many(items: Iterable[tuple[Article, str]], batch_size: int = 32) -> Iterator[tuple[Article, list[Figure]]]:
    """Like ``analyse`` over many articles of one language, using ``nlp.pipe`` batches."""
    items = list(items)
    if not items:
        return
    langs = {lang for _, lang in items}
    if len(langs) != 1:
        raise ValueError("analyse_many takes articles of one language")
    lang = langs.pop()
    nlp = get_pipeline(lang)
    dp = load(lang).dateparser_code
    for doc, article in nlp.pipe(((a.text, a) for a, _ in items), as_tuples=True, batch_size=batch_size):
        yield article, figures_from_doc(doc, article.published, dp)
