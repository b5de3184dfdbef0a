"""``extractor_numbers``: every number, percentage, date, year ... in the text, with its value."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..numbers import NumberParser


class NumberAnnotator:
    def __init__(self, lang: str) -> None:
        self.parser = NumberParser.for_language(lang)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        last_end = -1
        for m in self.parser.parse(doc.text):
            span = doc.char_span(m.start, m.end, label=m.kind, alignment_mode="expand")
            if span is None or span.start < last_end:
                continue  # overlaps the previous mention after token alignment
            span._.num_value = m.value
            for tok in span:
                tok._.num_kind = m.kind
            spans.append(span)
            last_end = span.end
        doc.spans["numbers"] = spans
        return doc


@Language.factory("extractor_numbers", default_config={"lang": ""})
def make_number_annotator(nlp: Language, name: str, lang: str) -> NumberAnnotator:
    return NumberAnnotator(lang or nlp.lang)
