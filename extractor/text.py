"""Small text helpers shared by several stages."""

from __future__ import annotations

import re
import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"})


def ascii_fold(text: str) -> str:
    """Strip diacritics: 'Móng Cái' -> 'Mong Cai', 'Đông Triều' -> 'Dong Trieu'.

    Scripts without a Latin decomposition (Japanese, Devanagari, ...) are left as written.
    """
    text = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def squash(text: str) -> str:
    """Collapse runs of white space (line breaks included) into one space."""
    return re.sub(r"\s+", " ", text).strip()
