"""Per-language spaCy pipelines: ``spacy.blank(code)`` plus our rule components.

Pipelines are built lazily, once per process and language: a batch of one language never pays
for loading the others.
"""

from __future__ import annotations

import threading
import time
from functools import lru_cache

import spacy
from spacy.lang.tokenizer_exceptions import emoticons
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from .components import register_extensions
from .components import cues, figures, mentions, numbers, periods, sentences  # noqa: F401  (factories)
from .langdata import load

COMPONENTS = (
    "extractor_numbers",
    "extractor_sents",
    "extractor_cues",
    "extractor_mentions",
    "extractor_periods",
    "extractor_figures",
)

_lock = threading.Lock()
_load_cpu_s: dict[str, float] = {}  # language -> CPU seconds its pipeline took to build in this process


def load_cpu_seconds() -> dict[str, float]:
    """CPU seconds each pipeline built in this process took (its start-up)."""
    return dict(_load_cpu_s)


def _without_number_emoticons(rules: dict) -> dict:
    """spaCy's exceptions minus the emoticons with a digit in them: in news "(8)" is a number
    in brackets, not "(" + the emoticon "8)", and "0.0" is a number."""
    return {text: tokens for text, tokens in rules.items()
            if not (text in emoticons and any(ch.isdigit() for ch in text))}


@lru_cache(maxsize=None)
def _build(code: str) -> Language:
    started = time.thread_time()
    data = load(code)
    register_extensions()
    nlp = spacy.blank(data.spacy_code, config=dict(data.spacy_config))
    if isinstance(nlp.tokenizer, Tokenizer):
        nlp.tokenizer.rules = _without_number_emoticons(nlp.tokenizer.rules)
    for name in COMPONENTS:
        nlp.add_pipe(name, config={"lang": code})
    _load_cpu_s[code] = time.thread_time() - started
    return nlp


def get_pipeline(code: str) -> Language:
    """The pipeline of language ``code`` (built on first use, then cached)."""
    with _lock:
        return _build(code)
