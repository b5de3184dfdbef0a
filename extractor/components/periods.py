"""``extractor_periods``: period expressions ("eerste acht maanden van 2024", "seit Jahresbeginn").

Patterns come from ``models/<code>/periods.json``. Besides literals they use slots filled by the
number component: ``{N}`` (a count), ``{ORD}`` (an ordinal), ``{YEAR}`` and ``{DATE}``. This
component only isolates and reads the expression; ``extractor.periods`` turns it into dates
(with dateparser, against the publication date).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..langdata import load
from ..patterns import compile_pattern
from ..tokenmatch import TokenMatcher
from . import tokenizer_of

SLOTS = {
    "N": {"_": {"num_kind": "number"}, "OP": "+"},
    "ORD": {"_": {"num_kind": "ordinal"}, "OP": "+"},
    "YEAR": {"_": {"num_kind": "year"}},
    "DATE": {"_": {"num_kind": "date"}, "OP": "+"},
}


@dataclass(frozen=True, slots=True)
class PeriodExpr:
    rule_id: str
    kind: str  # see langdata.PERIOD_KINDS
    n: int | None = None
    year: int | None = None
    date_text: str = ""


class PeriodMatcher:
    def __init__(self, nlp: Language, lang: str) -> None:
        data = load(lang)
        tok = tokenizer_of(nlp)
        self.matcher = TokenMatcher(nlp.vocab)
        self.periods = {p.id: p for p in data.periods}
        self.order = {p.id: i for i, p in enumerate(data.periods)}
        for p in data.periods:
            self.matcher.add(p.id, compile_pattern(p.pattern, tok, specials=SLOTS), greedy="LONGEST")

    def __call__(self, doc: Doc) -> Doc:
        numbers = list(doc.spans["numbers"])
        spans = []
        for key, start, end in self.matcher(doc):
            p = self.periods[key]
            n, year, date_text = p.n, None, ""
            # the slots' values: the numbers inside the match, by kind
            for s in numbers:
                if s.start >= end:
                    break
                if s.end <= start:
                    continue
                wants_n = ("{N}" in p.pattern and s.label_ == "number") or ("{ORD}" in p.pattern and s.label_ == "ordinal")
                if wants_n and s._.num_value is not None:
                    n = int(s._.num_value)
                elif s.label_ == "year" and year is None:
                    year = int(s._.num_value)
                elif s.label_ == "date" and not date_text:
                    date_text = s.text
            rule_id, kind = p.id, p.kind
            span = Span(doc, start, end, label=rule_id)
            span._.period = PeriodExpr(rule_id, kind, n, year, date_text)
            spans.append(span)
        spans.sort(key=lambda s: self.order[s.label_])
        doc.spans["periods"] = sorted(filter_spans(spans), key=lambda s: s.start)
        return doc


@Language.factory("extractor_periods", default_config={"lang": ""})
def make_period_matcher(nlp: Language, name: str, lang: str) -> PeriodMatcher:
    return PeriodMatcher(nlp, lang or nlp.lang)
