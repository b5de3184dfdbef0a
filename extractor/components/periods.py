"""``extractor_periods``: period expressions ("eerste acht maanden van 2024", "seit Jahresbeginn").

Patterns come from ``models/<code>/periods.json``. Besides literals they use slots filled by the
number component: ``{N}`` (a count), ``{ORD}`` (an ordinal), ``{YEAR}`` and ``{DATE}``. This
component only isolates and reads the expression; ``extractor.periods`` turns it into dates
(with dateparser, against the publication date).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..langdata import load
from ..patterns import Slot, expand, matcher_pattern, slot_offsets
from .cues import tokenizer_of

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
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.alts: dict[str, tuple[str, str, int | None, tuple[Slot, ...]]] = {}
        self.order = {p.id: i for i, p in enumerate(data.periods)}
        for p in data.periods:
            for k, slots in enumerate(expand(p.pattern, tok, specials=SLOTS)):
                key = f"{p.id}#{k}"
                self.alts[key] = (p.id, p.kind, p.n, tuple(slots))
                self.matcher.add(key, [matcher_pattern(slots)], greedy="LONGEST")

    @staticmethod
    def _value(doc: Doc, start: int, end: int):
        for s in doc.spans["numbers"]:
            if s.start < end and start < s.end:
                return s._.num_value, s.text
        return None, doc[start:end].text

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        spans = []
        for match_id, start, end in self.matcher(doc):
            rule_id, kind, n, slots = self.alts[strings[match_id]]
            year = None
            date_text = ""
            for slot, (a, b) in zip(slots, slot_offsets(slots, end - start)):
                value, text = self._value(doc, start + a, start + b)
                if slot.name in ("N", "ORD") and value is not None:
                    n = int(value)
                elif slot.name == "YEAR" and value is not None:
                    year = int(value)
                elif slot.name == "DATE":
                    date_text = text
            span = Span(doc, start, end, label=rule_id)
            span._.period = PeriodExpr(rule_id, kind, n, year, date_text)
            spans.append(span)
        spans.sort(key=lambda s: self.order[s.label_])
        doc.spans["periods"] = sorted(filter_spans(spans), key=lambda s: s.start)
        return doc


@Language.factory("extractor_periods", default_config={"lang": ""})
def make_period_matcher(nlp: Language, name: str, lang: str) -> PeriodMatcher:
    return PeriodMatcher(nlp, lang or nlp.lang)
