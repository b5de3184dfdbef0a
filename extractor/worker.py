"""What a worker process does: turn a chunk of RawDocuments into encoded output rows.

Runs inside pool workers (``ProcessPoolExecutor`` initializer :func:`init_worker`, then
:func:`process_chunk`), inside Dask workers (:func:`dask_process_chunk`) and in the main
process. A worker loads langdetect and each language pipeline once (lazily) and keeps them.

Per-document time limit: a watchdog thread raises :class:`DocumentTimeout` in the thread that
processes the document when it runs longer than ``doc_timeout`` (soft limit: it works while
Python code runs). In a pool worker (``status_dir`` set) a document still running ``HARD_GRACE``
later (stuck in C code) makes the watchdog record the document in the worker's status file
and end the process; the driver replaces the worker and writes a ``timeout`` row for it.

Long runs: documents are processed inside ``memory_zone()`` of every pipeline already loaded,
a zone renewed every ``zone_docs`` (256) documents, when a language's pipeline is loaded and
after a time-out (spaCy frees the strings, lexemes and tokenizer cache entries the zone's
documents added; a zone per document would make every document build its lexemes and tokenize
its words anew, ~1 ms a page), and trafilatura's caches are cleared every ``reset_every``
documents, so a worker's memory does not grow with the archive.
"""

from __future__ import annotations

import ctypes
import hashlib
import importlib
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from extractor.output import encode_figures, encode_manifest
from extractor.process import RunOptions
from extractor.types import ERROR, NO_FIGURES, OK, DocumentResult, RawDocument

TIMEOUT_REASON = "timeout"
CRASH_REASON = "worker process died while processing this document"
HARD_GRACE = 5.0  # seconds after the soft limit before a pool worker ends itself
DEFAULT_PROCESS = "extractor.process:process_document"
#: modules a worker imports before its first document and the fork server preloads
#: (extractor.analysis brings spaCy and the rule components)
HEAVY_IMPORTS = ("extractor.analysis", "trafilatura", "dateparser")


class DocumentTimeout(BaseException):
    """Raised asynchronously in a thread whose document exceeded its time limit.

    A BaseException so that ``process_document``'s ``except Exception`` does not turn it into
    an ordinary error row: the caller decides (``timeout``)."""


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """Everything a worker needs; picklable, sent once per worker."""

    options: RunOptions = RunOptions()
    fmt: str = "csv"
    doc_timeout: float | None = None
    reset_every: int = 500
    #: pool workers write "<chunk> <doc>" here before each document, and end themselves on a hard timeout
    status_dir: str | None = None
    hard_grace: float = HARD_GRACE
    process: str = DEFAULT_PROCESS  # "module:function" (RawDocument, RunOptions) -> DocumentResult
    memory_zones: bool = True
    zone_docs: int = 256  # documents per memory zone


@dataclass(slots=True)
class Chunk:
    """A run of consecutive documents, numbered in input order."""

    index: int
    docs: list[RawDocument]
    #: doc position -> reason: documents that must not be processed again (timed out, crashed)
    presets: dict[int, str] = field(default_factory=dict)


@dataclass(slots=True)
class ChunkResult:
    index: int
    figures: str  # encoded figure rows (CSV without header, or JSONL)
    manifest: str  # encoded manifest rows (CSV without header)
    counts: dict[str, int]  # status -> documents, plus "figures"
    peak_rss_kb: int = 0  # the worker process's peak resident memory so far
    cpu_s: float = 0.0  # CPU time the worker spent on this chunk
    pipelines_cpu_s: dict[str, float] = field(default_factory=dict)  # pipelines built for it: their CPU time


def peak_rss_kb() -> int:
    """Peak resident set size of this process in KiB (0 where ``resource`` is missing)."""
    try:
        import resource
    except ImportError:
        return 0
    value = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return value // 1024 if sys.platform == "darwin" else value


def chunk_digest(docs: Iterable[RawDocument]) -> str:
    """A fingerprint of a chunk's input (ids, sources, bytes): resume checks the input is unchanged."""
    h = hashlib.blake2b(digest_size=12)
    for doc in docs:
        for part in (doc.doc_id, doc.source, doc.url, doc.kind, doc.encoding or "", doc.published, doc.error, doc.skip):
            h.update(part.encode("utf-8", "surrogateescape"))
            h.update(b"\x00")
        h.update(doc.content if doc.content is not None else b"\x01none")
        h.update(b"\x00\x00")
    return h.hexdigest()


# ---------------------------------------------------------------- results


def failed_result(raw: RawDocument, reason: str, elapsed_ms: int = 0) -> DocumentResult:
    return DocumentResult(doc_id=raw.doc_id, source=raw.source, status=ERROR, error=reason, elapsed_ms=elapsed_ms)


def chunk_result(index: int, results: list[DocumentResult], fmt: str, cpu_s: float = 0.0,
                 pipelines_cpu_s: dict[str, float] | None = None) -> ChunkResult:
    counts = Counter(r.status for r in results)
    counts["figures"] = sum(len(r.figures) for r in results)
    return ChunkResult(index, encode_figures(results, fmt), encode_manifest(results), dict(counts), peak_rss_kb(), cpu_s,
                       dict(pipelines_cpu_s or {}))


def pipeline_loads() -> dict[str, float]:
    """CPU seconds of the pipelines this process has built so far (none before the module is used)."""
    module = sys.modules.get("extractor.pipeline")
    return module.load_cpu_seconds() if module is not None else {}


# ---------------------------------------------------------------- time limit


_POLL = 0.1


def _building_pipeline() -> bool:
    """True while this process builds a language pipeline (``extractor.pipeline`` holds its
    lock for the whole build, and only for a moment on a cached look-up)."""
    module = sys.modules.get("extractor.pipeline")
    lock = getattr(module, "_lock", None)
    return bool(lock is not None and lock.locked())


def _async_raise(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


class Watchdog:
    """Raises DocumentTimeout in the armed thread after ``limit`` seconds; optionally ends the
    process ``grace`` seconds later (``on_hard`` is called first)."""

    def __init__(self, limit: float, on_hard: Callable[[], None] | None = None, grace: float = HARD_GRACE) -> None:
        self.limit = limit
        self.on_hard = on_hard
        self.grace = grace
        self._cond = threading.Condition()
        self._armed_at: float | None = None
        self._stopped = False
        self._thread_id = 0
        self.fired = False
        self._thread = threading.Thread(target=self._loop, name="extractor-watchdog", daemon=True)
        self._thread.start()

    def arm(self) -> None:
        with self._cond:
            self._thread_id = threading.get_ident()
            self._armed_at = time.monotonic()
            self.fired = False
            self._cond.notify()

    def disarm(self) -> bool:
        """Stop watching; True when the limit was hit (a pending exception is withdrawn)."""
        with self._cond:
            fired = self.fired
            if fired:
                _async_raise(self._thread_id, None)
            self._armed_at = None
            self.fired = False
            return fired

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._armed_at = None
            self._cond.notify()

    def _loop(self) -> None:
        with self._cond:
            while not self._stopped:
                if self._armed_at is None:
                    self._cond.wait()
                    continue
                now = time.monotonic()
                soft = self._armed_at + self.limit
                if not self.fired:
                    if now < soft:
                        self._cond.wait(soft - now)
                        continue
                    if _building_pipeline():  # loading a language is not the document's time
                        self._armed_at += _POLL
                        self._cond.wait(_POLL)
                        continue
                    self.fired = True
                    _async_raise(self._thread_id, DocumentTimeout)
                    continue
                hard = soft + self.grace
                if self.on_hard is None:
                    self._cond.wait()
                elif now < hard:
                    self._cond.wait(hard - now)
                else:
                    self.on_hard()
                    os._exit(70)


# ---------------------------------------------------------------- worker state


def _load_callable(spec: str) -> Callable[[RawDocument, RunOptions], DocumentResult]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


class WorkerState:
    """Per-process state: the document function, pipelines seen, watchdog, status file."""

    def __init__(self, config: WorkerConfig,
                 process_fn: Callable[[RawDocument, RunOptions], DocumentResult] | None = None) -> None:
        self.config = config
        self.process = process_fn or _load_callable(config.process)
        self.languages: set[str] = set()
        self.n_done = 0
        self.lock = threading.Lock()  # one document at a time per process (memory zones are per vocab)
        self._current = ""
        self._zone_stack: ExitStack | None = None  # the open memory zones (see _zones)
        self._zoned: frozenset[str] = frozenset()
        self._zone_docs = 0
        self._status_fd: int | None = None  # status_dir/<pid>, opened once, rewritten in place
        if config.status_dir:
            path = Path(config.status_dir) / f"{os.getpid()}"
            self._status_fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        self.watchdog = None
        if config.doc_timeout:
            self.watchdog = Watchdog(config.doc_timeout, self._record_hard_timeout if config.status_dir is not None else None,
                                     config.hard_grace)

    def _write_status(self, text: str) -> None:
        """Overwrite the status file with ``text`` plus a newline (empty text: empty file). The
        file is emptied first and a line counts only when complete (see read_status_files), so
        a worker that dies while writing never leaves a wrong document behind."""
        if self._status_fd is not None:
            os.ftruncate(self._status_fd, 0)
            if text:
                os.pwrite(self._status_fd, (text + "\n").encode("utf-8"), 0)

    def _set_status(self, text: str) -> None:
        self._current = text
        self._write_status(text)

    def _record_hard_timeout(self) -> None:
        if self._current:
            self._write_status(self._current + " " + TIMEOUT_REASON)

    def _zones(self) -> None:
        """Keep the documents inside memory zones of every pipeline loaded so far: a new zone
        (the last one's strings, lexemes and tokenizer cache entries freed) after ``zone_docs``
        documents and when a language's pipeline was loaded since the last one opened."""
        if not self.config.memory_zones or not self.languages:
            return
        if self._zone_docs < self.config.zone_docs and self._zoned == self.languages:
            self._zone_docs += 1
            return
        self.close_zones()
        from extractor.pipeline import get_pipeline

        stack = ExitStack()
        for code in sorted(self.languages):
            stack.enter_context(get_pipeline(code).memory_zone())
        self._zone_stack, self._zoned, self._zone_docs = stack, frozenset(self.languages), 1

    def close_zones(self) -> None:
        if self._zone_stack is not None:
            self._zone_stack.close()
        self._zone_stack, self._zoned, self._zone_docs = None, frozenset(), 0

    def process_one(self, raw: RawDocument, label: str) -> DocumentResult:
        self._set_status(label)
        start = time.perf_counter()
        watchdog = self.watchdog
        try:
            if watchdog is not None:
                watchdog.arm()
            try:
                result = self.process(raw, self.config.options)
            finally:
                timed_out = watchdog.disarm() if watchdog is not None else False
            if timed_out:
                raise DocumentTimeout
        except DocumentTimeout:
            if watchdog is not None:
                watchdog.disarm()
            self.close_zones()  # whatever the interrupted document left half-built goes with its zone
            result = failed_result(raw, TIMEOUT_REASON, int((time.perf_counter() - start) * 1000))
        if result.status in (OK, NO_FIGURES) and result.language:
            self.languages.add(result.language)
        self.n_done += 1
        if self.n_done % self.config.reset_every == 0:
            from extractor.extract import reset_caches

            reset_caches()
        return result

    def run_chunk(self, chunk: Chunk) -> ChunkResult:
        with self.lock:
            cpu_start = time.thread_time()
            loaded_before = pipeline_loads()
            results = []
            for position, raw in enumerate(chunk.docs):
                preset = chunk.presets.get(position)
                if preset:
                    results.append(failed_result(raw, preset))
                    continue
                self._zones()
                results.append(self.process_one(raw, f"{chunk.index} {position}"))
            self._set_status("")
            built = {code: s for code, s in pipeline_loads().items() if code not in loaded_before}
            return chunk_result(chunk.index, results, self.config.fmt, time.thread_time() - cpu_start, built)


_STATE: WorkerState | None = None
_STATE_LOCK = threading.Lock()


def init_worker(config: WorkerConfig) -> None:
    """Pool initializer: build the worker state and warm langdetect (pipelines load lazily, each run
    over its language's worked examples when built: see ``pipeline.warm_on_build``)."""
    global _STATE
    import signal

    from extractor import langid

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's business
    _STATE = WorkerState(config)
    langid.warm()
    warm_imports()
    importlib.import_module("extractor.pipeline").warm_on_build()


def warm_imports() -> None:
    """Import the heavy modules now, so that no document's time limit pays for them."""
    for name in HEAVY_IMPORTS:
        importlib.import_module(name)


def process_chunk(chunk: Chunk) -> ChunkResult:
    """Pool task: process one chunk with the state built by :func:`init_worker`."""
    if _STATE is None:
        raise RuntimeError("worker not initialised")
    return _STATE.run_chunk(chunk)


def _dask_worker_state(config: WorkerConfig) -> WorkerState:
    """This Dask worker's state for ``config``: built on first use in each worker process (and
    rebuilt when a run with other settings reuses the worker)."""
    with _STATE_LOCK:
        if _STATE is None or _STATE.config != config:
            if _STATE is not None:
                if _STATE.watchdog is not None:
                    _STATE.watchdog.stop()
                with _STATE.lock:  # memory zones must not nest: the old state's zones are closed first
                    _STATE.close_zones()
            init_worker(config)
        return _STATE


def dask_warm(config: WorkerConfig) -> None:
    """Dask task sent to each worker when the engine starts: the pool's initializer's work (state,
    langdetect, imports), so that it is start-up, not part of the worker's first chunk."""
    _dask_worker_state(config)


def dask_process_chunk(chunk: Chunk, config: WorkerConfig) -> ChunkResult:
    """Dask task: process one chunk with this worker's state for ``config``."""
    return _dask_worker_state(config).run_chunk(chunk)


def read_status_files(directory: str | os.PathLike[str]) -> list[tuple[int, int, str]]:
    """``(chunk, position, reason)`` for each worker status file left in ``directory`` (reason
    ``timeout`` when the worker ended itself, else ``""``); the files are removed."""
    found = []
    try:
        paths = sorted(Path(directory).iterdir())
    except OSError:
        return found
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        path.unlink(missing_ok=True)
        parts = text.split() if text.endswith("\n") else []  # no newline: empty, or a torn write
        if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
            found.append((int(parts[0]), int(parts[1]), parts[2] if len(parts) > 2 else ""))
    return found
