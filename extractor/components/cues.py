"""``extractor_cues``: the language's cue words (member nouns, admission verbs, ...) and categories.

Both come from ``models/<code>/lexicon.json`` in the notation of ``extractor.patterns``. Overlapping
matches of the same group keep the longest ("nieuwe partijleden" over "partijleden").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..langdata import load
from ..numbers import COUNT_KINDS
from ..patterns import compile_pattern, merge_single
from ..tokenmatch import TokenMatcher, sentences
from . import tokenizer_of
from .tables import header_rows


def build_matcher(nlp: Language, groups: dict[str, tuple[str, ...]], key_prefix: str) -> TokenMatcher:
    matcher = TokenMatcher(nlp.vocab)
    tok = tokenizer_of(nlp)
    for label, phrases in groups.items():
        patterns = [p for phrase in phrases for p in compile_pattern(phrase, tok)]
        singles = [p[0] for p in patterns if len(p) == 1 and "OP" not in p[0]]
        if len(singles) > 1:  # one predicate for all one-word cues of a class
            patterns = [[merge_single(singles)]] + [p for p in patterns if not (len(p) == 1 and "OP" not in p[0])]
        if patterns:
            matcher.add(key_prefix + label, patterns)
    return matcher


class CueMatcher:
    def __init__(self, nlp: Language, lang: str) -> None:
        data = load(lang)
        self.cues = build_matcher(nlp, dict(data.cues), "cue:")
        self.categories = build_matcher(nlp, dict(data.categories), "cat:")

    @staticmethod
    def _spans(matcher: TokenMatcher, regions: list[Span], prefix: str) -> list[Span]:
        by_label: dict[str, list[Span]] = {}
        for region in regions:
            for key, start, end in matcher.matches(region.doc, region.start, region.end):
                label = key[len(prefix):]
                by_label.setdefault(label, []).append(Span(region.doc, start, end, label=label))
        out = [s for spans in by_label.values() for s in filter_spans(spans)]
        return sorted(out, key=lambda s: (s.start, -s.end))

    def __call__(self, doc: Doc) -> Doc:
        # cues matter only around counts and percentages: sentences without one are never read
        geometry = sentences(doc)
        counted = {geometry.of[s.start] for s in doc.spans["numbers"] if s.label_ in COUNT_KINDS}
        sents = [doc[a:b] for a, b in geometry.bounds]
        regions = [sents[k] for k in sorted(counted)]
        heads = header_rows(sents)  # a table's header row names the metric of the numbers below it
        doc.spans["table_heads"] = heads
        if heads:
            regions = sorted({*regions, *heads}, key=lambda s: s.start)
        doc.spans["cues"] = self._spans(self.cues, regions, "cue:")
        doc.spans["categories"] = filter_spans(self._spans(self.categories, regions, "cat:"))
        return doc


@Language.factory("extractor_cues", default_config={"lang": ""})
def make_cue_matcher(nlp: Language, name: str, lang: str) -> CueMatcher:
    return CueMatcher(nlp, lang or nlp.lang)
