"""Per-language spaCy pipelines: ``spacy.blank(code)`` plus our rule components.

Pipelines are built lazily, once per process and language: a batch of one language never pays
for loading the others.
"""

from __future__ import annotations

import threading
import time
from datetime import date
from functools import lru_cache

import spacy
from spacy.lang.tokenizer_exceptions import emoticons
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from .components import register_extensions
from .components import cues, figures, mentions, numbers, periods, sentences  # noqa: F401  (factories)
from .langdata import load
from .periods import resolve
from .resources import read_jsonl

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
_warm_on_build = False  # see warm_on_build()


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
    if _warm_on_build:
        _warm(nlp, code, data.dateparser_code)
    _load_cpu_s[code] = time.thread_time() - started
    return nlp


def warm_on_build(on: bool = True) -> None:
    """Batch workers: run each pipeline over its language's worked examples when it is built (see
    ``_warm``). A small run in one process does not: it would only pay the same costs earlier and
    show its first row later."""
    global _warm_on_build
    _warm_on_build = on


def _warm(nlp: Language, code: str, dateparser_code: str) -> None:
    """Run a new pipeline over its language's worked examples (``models/<code>/examples.jsonl``) and
    resolve their periods, so that what is loaded or compiled on first use -- dateparser's data for
    the language, regular expressions, ... -- is paid here, as the pipeline's start-up, and not by
    the first document of the language. Caches only: no result depends on it."""
    try:
        for example in read_jsonl(code, "examples.jsonl"):
            published = date.fromisoformat(example["published"]) if example.get("published") else None
            doc = nlp(example["text"])
            for span in doc.spans["figures"]:
                resolve(span._.figure.period, published, dateparser_code)
    except Exception:  # noqa: BLE001 - an optimisation only: a bad example must not stop the language
        pass


def get_pipeline(code: str) -> Language:
    """The pipeline of language ``code`` (built on first use, then cached)."""
    with _lock:
        return _build(code)
