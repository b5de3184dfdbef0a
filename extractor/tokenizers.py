"""Dependency-free tokenizers for scripts written without spaces, selected through ``spacy_config``.

``extractor.CharClassTokenizer.v1`` splits text at every change of character class. Runs of digits
(with the separators inside a number: "2,391", "71.4", "１，０３２"), of Latin letters, of katakana
etc. stay one token; the scripts listed in ``split`` (e.g. ``["han", "hiragana"]``) become one
token per character, so that a literal phrase of the language data ("入党させ") is the same token
sequence wherever it stands in running text. Every other character (punctuation, symbols) is a
token of its own. Whitespace follows spaCy's convention: one plain space after a token is that
token's trailing whitespace, any other run of whitespace is a token.

A language selects it in ``models/<code>/language.json``::

    "spacy_config": {"nlp": {"tokenizer": {"@tokenizers": "extractor.CharClassTokenizer.v1",
                                           "split": ["han", "hiragana"]}}}

It is registered through the ``spacy_tokenizers`` entry point (``pyproject.toml``), so
``spacy.blank`` finds it without importing this module first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

__all__ = ["SCRIPTS", "CharClassTokenizer", "make_char_class_tokenizer", "char_class_tokens"]

# Unicode ranges of scripts (not of languages): a language chooses which ones to split per character.
SCRIPTS: dict[str, str] = {
    "han": "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
           "\U00020000-\U0003134f",
    "hiragana": "\u3041-\u309f",
    # the katakana middle dot U+30FB is punctuation, not a letter
    "katakana": "\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f",
    "hangul": "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af",
    "thai": "\u0e00-\u0e7f",
}
_DIGIT_RUN = r"\d+(?:[,.\uff0c\uff0e]\d+)*"
_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f])"


def _pattern(split: Iterable[str]) -> re.Pattern[str]:
    split = list(split)
    unknown = [s for s in split if s not in SCRIPTS]
    if unknown:
        raise ValueError(f"CharClassTokenizer: unknown script(s) {unknown}; known: {sorted(SCRIPTS)}")
    singles = "".join(SCRIPTS[s] for s in split)
    runs = [s for s in SCRIPTS if s not in split]
    alts = [r"\s+", _DIGIT_RUN]
    if singles:
        alts.append(f"[{singles}]")
    alts += [f"[{SCRIPTS[s]}]+" for s in runs]
    script_chars = "".join(SCRIPTS.values())
    # other letters (Latin, Cyrillic, ...): a run of letters outside the scripts above
    alts.append(f"(?:(?![{script_chars}]){_LETTER})+")
    alts.append(r"[\s\S]")
    return re.compile("|".join(f"(?:{a})" for a in alts))


def char_class_tokens(text: str, pattern: re.Pattern[str]) -> tuple[list[str], list[bool]]:
    """Words and trailing-space flags of ``text`` (spaCy's ``Doc(words=, spaces=)`` convention)."""
    words: list[str] = []
    spaces: list[bool] = []
    for m in pattern.finditer(text):
        tok = m.group(0)
        if tok.isspace():
            if tok == " " and words and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True
                continue
            if words and not spaces[-1] and not words[-1].isspace() and tok[0] == " ":
                spaces[-1] = True
                tok = tok[1:]
        words.append(tok)
        spaces.append(False)
    return words, spaces


class CharClassTokenizer:
    """Callable ``text -> Doc`` (spaCy tokenizer protocol, without serialisation state)."""

    def __init__(self, vocab: Vocab, split: Iterable[str] = ()) -> None:
        self.vocab = vocab
        self.split = tuple(split)
        self.pattern = _pattern(self.split)

    def __call__(self, text: str) -> Doc:
        words, spaces = char_class_tokens(text, self.pattern)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000):  # noqa: ARG002 - spaCy signature
        for text in texts:
            yield self(text)

    # spaCy calls these when a pipeline is saved or loaded; the tokenizer has no state beyond its config
    def to_bytes(self, **kwargs) -> bytes:  # noqa: ARG002
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> CharClassTokenizer:  # noqa: ARG002
        return self

    def to_disk(self, path, **kwargs) -> None:  # noqa: ARG002
        return None

    def from_disk(self, path, **kwargs) -> CharClassTokenizer:  # noqa: ARG002
        return self


@registry.tokenizers("extractor.CharClassTokenizer.v1")
def make_char_class_tokenizer(split: list[str] = []) -> Callable[..., CharClassTokenizer]:  # noqa: B006
    """spaCy config factory: ``{"@tokenizers": "extractor.CharClassTokenizer.v1", "split": [...]}``."""

    def create(nlp) -> CharClassTokenizer:  # noqa: ANN001 - spacy.Language
        return CharClassTokenizer(nlp.vocab, split)

    return create
