"""One document through the pipeline: extract -> language -> analysis -> DocumentResult.

``process_document`` never raises (except KeyboardInterrupt/SystemExit): every failure
becomes a DocumentResult with status ``skipped`` or ``error`` and a one-line reason.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass

from extractor import langid
from extractor.extract import DEFAULT_MAX_BYTES, ExtractionError, to_article
from extractor.types import ERROR, NO_FIGURES, OK, SKIPPED, Article, DocumentResult, Figure, RawDocument


@dataclass(frozen=True, slots=True)
class RunOptions:
    """Per-run settings that every worker needs (picklable)."""

    lang: str | None = None  # forced language code; skips detection
    max_bytes: int | None = DEFAULT_MAX_BYTES
    lang_threshold: float = langid.DEFAULT_THRESHOLD
    lang_prefix_chars: int = langid.DEFAULT_PREFIX_CHARS


def one_line(exc: BaseException) -> str:
    """``"ValueError: bad thing"`` -- exception class and first line of its message."""
    message = str(exc).strip().splitlines()
    return f"{exc.__class__.__name__}: {message[0]}" if message else exc.__class__.__name__


def analyse(article: Article, lang: str) -> list[Figure]:
    """Call ``extractor.analysis.analyse`` (imported lazily, looked up in sys.modules each time)."""
    return list(importlib.import_module("extractor.analysis").analyse(article, lang))


def _elapsed_ms(start: float) -> int:
    return int(round((time.perf_counter() - start) * 1000))


def process_document(raw: RawDocument, options: RunOptions = RunOptions()) -> DocumentResult:
    start = time.perf_counter()
    result = DocumentResult(doc_id=raw.doc_id, source=raw.source, status=ERROR)
    try:
        _run(raw, options, result)
    except ExtractionError as exc:
        result.status, result.error = exc.status, exc.reason
    except Exception as exc:  # noqa: BLE001 - a failed document is a manifest row, not a crash
        result.status, result.error = ERROR, one_line(exc)
        result.figures = []
    result.elapsed_ms = _elapsed_ms(start)
    return result


def _run(raw: RawDocument, options: RunOptions, result: DocumentResult) -> None:
    article = to_article(raw, max_bytes=options.max_bytes)
    result.article = article
    if options.lang:
        result.language = options.lang
    else:
        decision = langid.identify(
            article.text,
            threshold=options.lang_threshold,
            prefix_chars=options.lang_prefix_chars,
            hint=article.html_lang,
        )
        result.language, result.lang_prob = decision.code, decision.probability
        if not decision.ok:
            result.status, result.error = SKIPPED, decision.skip_reason
            return
    result.figures = analyse(article, result.language)
    result.status = OK if result.figures else NO_FIGURES
