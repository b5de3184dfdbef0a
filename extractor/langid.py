"""Deterministic language identification with a private, seeded langdetect factory.

langdetect's module-level ``detect()`` uses a global factory with no seed (random answers)
and a racy lazy loader. We build our own ``DetectorFactory`` once per process (lazily, under
a lock, profiles in sorted order so the result does not depend on directory listing order)
and seed it; langdetect reseeds its RNG on every call, so results are order-independent.

``identify(text, ...)`` returns a ``LanguageDecision``: our language code (mapped through
``models/<code>/language.json`` field ``langdetect``) or a skip reason -- never a guess.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractor.fastdetect import Detector
from extractor.resources import language_codes, read_json

DEFAULT_THRESHOLD = 0.80
DEFAULT_PREFIX_CHARS = 2000
_SEED = 0
_MAX_TEXT = 100_000  # characters handed to langdetect on the whole-text pass

_lock = threading.Lock()
_factory = None


def _load_factory():  # noqa: ANN202 - langdetect has no type hints
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.utils.lang_profile import LangProfile

    factory = DetectorFactory()
    files = sorted(p for p in Path(PROFILES_DIRECTORY).iterdir() if p.is_file() and not p.name.startswith("."))
    for index, path in enumerate(files):
        with path.open(encoding="utf-8") as fh:
            factory.add_profile(LangProfile(**json.load(fh)), index, len(files))
    factory.set_seed(_SEED)  # instance attribute: langdetect's own global factory is untouched
    return factory


def factory():  # noqa: ANN201
    """The process-wide private DetectorFactory (loaded on first use, thread-safe)."""
    global _factory
    if _factory is None:
        with _lock:
            if _factory is None:
                _factory = _load_factory()
    return _factory


def warm() -> None:
    """Load the profiles now (call in a worker initializer, or before forking)."""
    factory()


@lru_cache(maxsize=1)
def langdetect_map() -> dict[str, str]:
    """langdetect code -> our language code, from ``language.json`` ``langdetect`` lists."""
    mapping: dict[str, str] = {}
    for code in language_codes():
        value = read_json(code, "language.json").get("langdetect", [code])
        for ld_code in [value] if isinstance(value, str) else value:
            mapping.setdefault(ld_code, code)
    return mapping


def detect(text: str) -> tuple[str, float]:
    """Best langdetect code and its probability for ``text`` (raises LangDetectException)."""
    detector = Detector(factory())  # langdetect's, with its character loops in C
    detector.set_max_text_length(_MAX_TEXT)
    detector.append(text)
    best = detector.get_probabilities()[0]
    return best.lang, float(best.prob)


def _prefix(text: str, n_chars: int) -> str:
    if len(text) <= n_chars:
        return text
    cut = text.rfind(" ", 0, n_chars)
    return text[: cut if cut > n_chars // 2 else n_chars]


@dataclass(frozen=True, slots=True)
class LanguageDecision:
    code: str  # our language code when supported, else the detected langdetect code ("" if none)
    probability: float | None
    skip_reason: str = ""  # set when the document must be skipped

    @property
    def ok(self) -> bool:
        return not self.skip_reason


def detect_language(text: str, *, prefix_chars: int = DEFAULT_PREFIX_CHARS, threshold: float = DEFAULT_THRESHOLD,
                    hint: str = "") -> tuple[str, float]:
    """``(code, probability)`` of ``text``, codes mapped to ours where we have data.

    Detects on a prefix first; falls back to the whole text when the prefix result is weak
    (below ``threshold``) or disagrees with ``hint`` (e.g. ``<html lang>``).
    """
    mapping = langdetect_map()
    ld_code, prob = detect(_prefix(text, prefix_chars))
    code = mapping.get(ld_code, ld_code)
    hint_code = hint.split("-")[0].split("_")[0].lower() if hint else ""
    if len(text) > prefix_chars and (prob < threshold or (hint_code and hint_code != code)):
        ld_code, prob = detect(text)
        code = mapping.get(ld_code, ld_code)
    return code, prob


def identify(text: str, *, threshold: float = DEFAULT_THRESHOLD, prefix_chars: int = DEFAULT_PREFIX_CHARS,
             hint: str = "") -> LanguageDecision:
    """Decide the language of ``text`` or give the reason to skip it."""
    from langdetect.lang_detect_exception import LangDetectException

    if not any(ch.isalpha() for ch in text):
        return LanguageDecision("", None, "no letters in text")
    try:
        code, prob = detect_language(text, prefix_chars=prefix_chars, threshold=threshold, hint=hint)
    except LangDetectException as exc:
        return LanguageDecision("", None, f"language not detectable ({exc})")
    prob = round(prob, 4)
    if prob < threshold:
        return LanguageDecision(code, prob, f"language uncertain ({code} {prob:.2f})")
    if code not in language_codes():
        return LanguageDecision(code, prob, f"language '{code}' not supported")
    return LanguageDecision(code, prob)
