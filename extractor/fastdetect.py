"""langdetect's ``Detector`` with its per-character Python loops moved into C.

langdetect walks the text one character at a time three times (collapse spaces, count scripts,
build 1–3-grams through ``NGram.add_char``, which looks up the character's Unicode block by a
binary search). On a 1,500-character article that is most of its cost. ``Detector`` here gives
the same n-grams in the same order, and so the same random walk and the same probabilities
(tests/test_fastdetect.py compares both on every corpus article):

- spaces collapsed and the text cut with ``re`` and slicing;
- the script counts of ``cleaning_text`` with two regular expressions;
- ``NGram.normalize`` applied with ``str.translate`` through a table filled lazily from
  ``NGram.normalize`` itself (one call per distinct character per process);
- the n-gram state machine of ``NGram.add_char`` inlined;
- the probability updates on arrays: the same IEEE operations element by element, and the
  normalising sum taken with Python's ``sum`` in langdetect's order.
"""

from __future__ import annotations

import re

import numpy
from langdetect.detector import Detector as _Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

_SPACES = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")  # langdetect counts 'A' <= ch <= 'z', brackets and underscore included
_NON_LATIN = re.compile("[\u0300-\u1dff\u1f00-\U0010ffff]")  # >= U+0300, not Latin Extended Additional


class _NormalizeTable(dict):
    """code point -> ``NGram.normalize`` of it, computed on first use (``str.translate`` mapping)."""

    def __missing__(self, cp: int) -> str:
        value = NGram.normalize(chr(cp))
        self[cp] = value
        return value


_TABLE = _NormalizeTable()


class Detector(_Detector):
    """Drop-in for ``langdetect.detector.Detector`` (same constructor: a ``DetectorFactory``)."""

    def append(self, text: str) -> None:
        text = self.URL_RE.sub(" ", text)
        text = self.MAIL_RE.sub(" ", text)
        text = NGram.normalize_vi(text)
        self.text += _SPACES.sub(" ", text[: self.max_text_length])  # each call starts afresh, as langdetect's

    def cleaning_text(self) -> None:
        latin = len(_LATIN.findall(self.text))
        non_latin = len(_NON_LATIN.findall(self.text))
        if latin * 2 < non_latin:
            self.text = _LATIN.sub("", self.text)

    def _extract_ngrams(self) -> list[str]:
        # langdetect's n-gram buffer starts afresh after every space, so the n-grams of a text are
        # those of its space-separated words (each with the space that ends it), one after the other
        known = self.word_lang_prob_map
        cache = _word_cache(known)
        result: list[str] = []
        words = self.text.translate(_TABLE).split(" ")
        last = len(words) - 1
        for k, word in enumerate(words):
            if word:
                key = word + " " if k < last else word
                grams = cache.get(key)
                if grams is None:
                    if len(cache) >= _CACHE_LIMIT:
                        cache.clear()
                    grams = cache[key] = _word_ngrams(key, known)
                result.extend(grams)
        return result

    def _detect_block(self) -> None:
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        rows = _rows(self.word_lang_prob_map)
        n_trial = self.n_trial
        langprob = numpy.zeros(len(self.langlist))
        factor = numpy.empty(len(self.langlist))
        rnd = self.random
        rnd.seed(self.seed)
        for _ in range(n_trial):
            prob = numpy.array(self._init_probability(), dtype=float)
            alpha = self.alpha + rnd.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            weight = alpha / self.BASE_FREQ
            i = 0
            while True:
                word = rnd.choice(ngrams)
                row = rows.get(word)
                if row is None:
                    if len(rows) >= _CACHE_LIMIT:
                        rows.clear()
                    row = rows[word] = numpy.array(self.word_lang_prob_map[word], dtype=float)
                numpy.add(row, weight, out=factor)
                prob *= factor
                if i % 5 == 0:
                    prob /= sum(prob.tolist())  # Python's sum, in langdetect's order
                    if prob.max() > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                        break
                i += 1
            langprob += prob / n_trial
        self.langprob = langprob.tolist()


def _word_ngrams(chars: str, known: dict) -> tuple[str, ...]:
    """The n-grams ``NGram.add_char`` yields for ``chars`` (a word, maybe with its closing space)
    from a fresh buffer, those the profiles know, in langdetect's order."""
    out: list[str] = []
    grams = " "
    capital = False
    for ch in chars:
        last = grams[-1]
        if len(grams) >= 3:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            if last.isupper():
                capital = True
        else:
            capital = False
        if capital:
            continue
        if ch != " " and ch in known:
            out.append(ch)
        w = grams[-2:]
        if w in known:
            out.append(w)
        if len(grams) == 3 and grams in known:
            out.append(grams)
    return tuple(out)


_CACHE_LIMIT = 20_000  # entries of each cache below (a few MB): memory must not grow with the archive
_WORDS: dict[int, tuple[dict, dict[str, tuple[str, ...]]]] = {}
_ROWS: dict[int, tuple[dict, dict[str, numpy.ndarray]]] = {}


def _per_profiles(store: dict, word_lang_prob_map: dict) -> dict:
    entry = store.get(id(word_lang_prob_map))
    if entry is None or entry[0] is not word_lang_prob_map:
        entry = store[id(word_lang_prob_map)] = (word_lang_prob_map, {})
    return entry[1]


def _rows(word_lang_prob_map: dict) -> dict[str, numpy.ndarray]:
    """n-gram -> its per-language probabilities as an array, filled on first use, per profile set;
    cleared when it reaches the limit (the profiles hold ~88,000 n-grams of 55 languages)."""
    return _per_profiles(_ROWS, word_lang_prob_map)


def _word_cache(word_lang_prob_map: dict) -> dict[str, tuple[str, ...]]:
    """word (+ closing space) -> its n-grams, per profile set; cleared when it grows past a limit."""
    return _per_profiles(_WORDS, word_lang_prob_map)
