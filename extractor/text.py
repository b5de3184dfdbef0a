"""Small text helpers shared by several stages."""

from __future__ import annotations

import re
import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"})


def ascii_fold(text: str) -> str:
    """Strip the diacritics of Latin letters: 'Móng Cái' -> 'Mong Cai', 'Đông Triều' -> 'Dong Trieu'.

    Other scripts are left as written: the voicing marks of kana ('バクザン'), Cyrillic 'й', Devanagari
    vowel signs are part of the letter, not diacritics.
    """
    if text.isascii():
        return text
    out: list[str] = []
    base_is_latin = False
    for c in unicodedata.normalize("NFD", text.translate(_EXTRA)):
        if unicodedata.combining(c):
            if not base_is_latin:
                out.append(c)
            continue
        base_is_latin = "LATIN" in unicodedata.name(c, "")
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


def squash(text: str) -> str:
    """Collapse runs of white space (line breaks included) into one space."""
    return re.sub(r"\s+", " ", text).strip()
