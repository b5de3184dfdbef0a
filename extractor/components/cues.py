"""``extractor_cues``: the language's cue words (member nouns, admission verbs, ...) and categories.

Both come from ``models/<code>/lexicon.json`` in the notation of ``extractor.patterns``. Overlapping
matches of the same group keep the longest ("nieuwe partijleden" over "partijleden").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..langdata import load
from ..patterns import expand, matcher_pattern


def tokenizer_of(nlp: Language):
    return lambda text: [t.text for t in nlp.make_doc(text)]


def build_matcher(nlp: Language, groups: dict[str, tuple[str, ...]], key_prefix: str) -> Matcher:
    matcher = Matcher(nlp.vocab, validate=True)
    tok = tokenizer_of(nlp)
    for label, phrases in groups.items():
        patterns = [matcher_pattern(alt) for phrase in phrases for alt in expand(phrase, tok)]
        if patterns:
            matcher.add(key_prefix + label, patterns)
    return matcher


class CueMatcher:
    def __init__(self, nlp: Language, lang: str) -> None:
        data = load(lang)
        self.cues = build_matcher(nlp, dict(data.cues), "cue:")
        self.categories = build_matcher(nlp, dict(data.categories), "cat:")

    def _spans(self, matcher: Matcher, doc: Doc, prefix: str) -> list[Span]:
        vocab = doc.vocab.strings
        by_label: dict[str, list[Span]] = {}
        for match_id, start, end in matcher(doc):
            label = vocab[match_id][len(prefix):]
            by_label.setdefault(label, []).append(Span(doc, start, end, label=label))
        out = [s for spans in by_label.values() for s in filter_spans(spans)]
        return sorted(out, key=lambda s: (s.start, -s.end))

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["cues"] = self._spans(self.cues, doc, "cue:")
        doc.spans["categories"] = filter_spans(self._spans(self.categories, doc, "cat:"))
        return doc


@Language.factory("extractor_cues", default_config={"lang": ""})
def make_cue_matcher(nlp: Language, name: str, lang: str) -> CueMatcher:
    return CueMatcher(nlp, lang or nlp.lang)
