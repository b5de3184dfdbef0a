"""``extractor_sents``: sentence boundaries from punctuation and line breaks.

A blank pipeline has no parser. This splits after sentence-final punctuation and at every line
break, but never inside a number span ("134." and "2. September" are ordinals and dates, not
sentence ends: the number component has already claimed them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..langdata import load
from ..tokenmatch import features

_CLOSERS = frozenset('"\'»”’)]›“')
_DIGITS = re.compile(r"[\d.,\u00a0\u202f ]+")


class SentenceSplitter:
    def __init__(self, punct: Iterable[str], abbreviations: Iterable[str] = ()) -> None:
        self.punct = frozenset(punct)
        self.abbreviations = frozenset(abbreviations)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        f = features(doc)
        texts, kinds = f.texts, f.kinds
        starts = numpy.full(n, -1, dtype="int64")  # SENT_START: 1 starts a sentence, -1 does not
        starts[0] = 1
        punct = self.punct
        for i in range(n - 1):
            text = texts[i]
            if "\n" in text and text.isspace():
                starts[i + 1] = 1
            elif self.abbreviations and self._abbreviation(texts, i):
                continue
            elif (text in punct and not kinds[i]) or (
                    len(text) > 1 and text[-1] in punct and kinds[i] in ("number", "percent", "year")
                    and _DIGITS.fullmatch(text[:-1])):  # "80." glued by the tokenizer
                # (but not "3,5 тыс.": a scale abbreviation inside a number is no sentence end)
                j = i + 1
                while j < n and (texts[j] in _CLOSERS or texts[j].isspace()):  # end quotes and line breaks
                    j += 1                                                      # stay with their sentence
                if j < n:
                    starts[j] = 1
        doc.from_array([SENT_START], starts.astype("uint64"))
        doc.user_data.pop("sentences", None)  # tokenmatch.sentences: read them anew
        return doc

    def _abbreviation(self, texts: list[str], i: int) -> bool:
        """"resp." "No." "bzw.": a dot (own token or glued) after a word of the language's list."""
        text = texts[i]
        if text == "." and i > 0:
            return texts[i - 1].lower() in self.abbreviations
        return text.endswith(".") and text.lower().rstrip(".") in self.abbreviations


@Language.factory("extractor_sents", default_config={"lang": ""})
def make_sentence_splitter(nlp: Language, name: str, lang: str) -> SentenceSplitter:
    data = load(lang or nlp.lang)
    return SentenceSplitter(data.sentence_punct, data.abbreviations)
