"""``extractor_numbers``: every number, percentage, date, year ... in the text, with its value."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..numbers import NumberParser
from ..tokenmatch import doc_text


class NumberAnnotator:
    def __init__(self, lang: str) -> None:
        self.parser = NumberParser.for_language(lang)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        last_end = -1
        text = doc_text(doc)
        found = list(self.parser.parse(text))
        pair_of: dict[int, float | int] = {}  # index of N in "N/M" -> M
        for i in range(len(found) - 1):
            n, m = found[i], found[i + 1]
            if n.kind == m.kind == "number" and text[n.end:m.start] == "/":
                pair_of[i] = m.value
        skip = -1
        for i, m in enumerate(found):
            if i == skip:
                continue
            end = m.end
            if i in pair_of:  # "96/110 (of the target)": one count, N, that carries M
                end, skip = found[i + 1].end, i + 1
            span = doc.char_span(m.start, end, label=m.kind, alignment_mode="expand")
            if span is None or span.start < last_end:
                continue  # overlaps the previous mention after token alignment
            span._.num_value = m.value
            if i in pair_of:
                span._.num_of = pair_of[i]
            spans.append(span)
            last_end = span.end
        doc.spans["numbers"] = spans
        return doc


@Language.factory("extractor_numbers", default_config={"lang": ""})
def make_number_annotator(nlp: Language, name: str, lang: str) -> NumberAnnotator:
    return NumberAnnotator(lang or nlp.lang)
