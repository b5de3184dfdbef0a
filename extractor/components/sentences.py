"""``extractor_sents``: sentence boundaries from punctuation and line breaks.

A blank pipeline has no parser. This splits after sentence-final punctuation and at every line
break, but never inside a number span ("134." and "2. September" are ordinals and dates, not
sentence ends: the number component has already claimed them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from ..langdata import load

_CLOSERS = frozenset('"\'»”’)]›“')
_DIGITS = re.compile(r"[\d.,\u00a0\u202f ]+")


class SentenceSplitter:
    def __init__(self, punct: Iterable[str], abbreviations: Iterable[str] = ()) -> None:
        self.punct = frozenset(punct)
        self.abbreviations = frozenset(abbreviations)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        n = len(doc)
        starts = [False] * n
        starts[0] = True
        for i, tok in enumerate(doc):
            if i + 1 >= n:
                break
            if tok.is_space and "\n" in tok.text:
                starts[i + 1] = True
            elif self._abbreviation(doc, i):
                continue
            elif (tok.text in self.punct and not tok._.num_kind) or (
                    len(tok.text) > 1 and tok.text[-1] in self.punct and _DIGITS.fullmatch(tok.text[:-1])
                    and tok._.num_kind in ("number", "percent", "year")):  # "80." glued by the tokenizer
                # (but not "3,5 тыс.": a scale abbreviation inside a number is no sentence end)
                j = i + 1
                while j < n and (doc[j].text in _CLOSERS or doc[j].is_space):  # end quotes and line breaks
                    j += 1                                                      # stay with their sentence
                if j < n:
                    starts[j] = True
        for i, tok in enumerate(doc):
            tok.is_sent_start = starts[i]
        return doc

    def _abbreviation(self, doc: Doc, i: int) -> bool:
        """"resp." "No." "bzw.": a dot (own token or glued) after a word of the language's list."""
        if not self.abbreviations:
            return False
        tok = doc[i]
        if tok.text == "." and i > 0:
            return doc[i - 1].lower_ in self.abbreviations
        return tok.text.endswith(".") and tok.lower_.rstrip(".") in self.abbreviations


@Language.factory("extractor_sents", default_config={"lang": ""})
def make_sentence_splitter(nlp: Language, name: str, lang: str) -> SentenceSplitter:
    data = load(lang or nlp.lang)
    return SentenceSplitter(data.sentence_punct, data.abbreviations)
