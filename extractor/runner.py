"""Batch execution: chunks of documents on a local process pool or a Dask cluster.

``run_batch`` cuts the (deterministic) document stream into numbered chunks, sends them to an
engine, and commits each finished chunk through the run directory's journal
(:mod:`extractor.journal`); the output is the chunks in input order, so it does not depend on
the number of workers or the engine. ``--resume`` skips the chunks the journal holds (checking
that their input is unchanged) and processes the rest.

Engines (one seam, :class:`Engine`):

* :class:`LocalEngine` -- ``ProcessPoolExecutor`` (forkserver where available, else spawn;
  never fork) whose workers load their pipelines once. A worker that dies (hard timeout,
  crash) breaks the pool: the pool is replaced, the document that killed it becomes an
  ``error`` row, the other chunks in flight are sent again.
* :class:`DaskEngine` -- ``distributed.Client`` on ``--scheduler`` / ``DASK_SCHEDULER_ADDRESS``
  or on a ``LocalCluster`` it starts itself. Dask retries a task whose worker died; a chunk
  that still fails twice becomes ``error`` rows.

Chunk sizes ramp up (2, 4, 8, ... ``chunk_size``) so the first rows come quickly; the sizes
are a function of the chunk number only, so chunks line up again on resume.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from extractor.journal import ResumeError, RunDirectory
from extractor.output import figures_header, manifest_header
from extractor.process import RunOptions, one_line
from extractor.report import process_cpu_s
from extractor.types import RawDocument
from extractor.worker import (
    CRASH_REASON, DEFAULT_PROCESS, HARD_GRACE, HEAVY_IMPORTS, TIMEOUT_REASON, Chunk, ChunkResult, WorkerConfig,
    chunk_digest, chunk_result, dask_process_chunk, dask_warm, failed_result, init_worker, process_chunk,
    read_status_files,
)

DEFAULT_CHUNK_SIZE = 32
ENGINES = ("local", "dask")
MAX_BARREN_RESTARTS = 3  # pool replacements in a row without any chunk finishing


class BatchError(Exception):
    """The batch cannot go on (workers keep dying, input changed under --resume, ...)."""


@dataclass(frozen=True, slots=True)
class BatchSettings:
    output: Path
    manifest: Path
    fmt: str = "csv"
    options: RunOptions = RunOptions()
    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None
    doc_timeout: float | None = None
    hard_grace: float = HARD_GRACE  # a pool worker still busy this long after doc_timeout is replaced
    resume: bool = False
    chunk_size: int = DEFAULT_CHUNK_SIZE
    process: str = DEFAULT_PROCESS  # "module:function" run per document (a seam for tests)


@dataclass(slots=True)
class BatchOutcome:
    counts: Counter[str]
    n_documents: int
    n_figures: int
    resumed: bool
    n_resumed_documents: int = 0
    first_result_s: float | None = None  # seconds from the start of run_batch to the first committed chunk
    last_result_s: float | None = None  # ... to the last committed chunk (before the engine shuts down)
    main_cpu_first_result_s: float | None = None  # this process's CPU seconds at the first committed chunk
    main_cpu_last_result_s: float | None = None  # ... and at the last one
    engine_start_s: float = 0.0
    workers: int = 0
    worker_peak_rss_kb: int = 0  # the largest peak of any worker (0: unknown)
    worker_cpu_s: float = 0.0  # CPU time of the workers on the chunks of this session
    pipelines_cpu_s: dict[str, list[float]] = field(default_factory=dict)  # language -> CPU s of each build
    pipelines_cpu_s_after_first_result: float = 0.0  # of those, built for chunks after the first committed one


def chunk_size_of(index: int, limit: int) -> int:
    """Size of chunk ``index``: 2, 4, 8, ... up to ``limit``."""
    return max(1, min(limit, 2 ** min(index + 1, 30)))


def iter_chunks(documents: Iterator[RawDocument], limit: int) -> Iterator[Chunk]:
    index = 0
    while True:
        size = chunk_size_of(index, limit)
        docs = []
        for doc in documents:
            docs.append(doc)
            if len(docs) == size:
                break
        if not docs:
            return
        yield Chunk(index, docs)
        index += 1


def fingerprint(settings: BatchSettings, inputs: list[str]) -> dict[str, Any]:
    """What must be equal for --resume to continue a run (absolute input paths, options, chunking)."""
    from extractor import __version__

    opts = settings.options
    return {
        "extractor": __version__,
        "inputs": [v if "://" in v else os.path.abspath(v) for v in inputs],
        "output": os.path.abspath(settings.output),
        "manifest": os.path.abspath(settings.manifest),
        "format": settings.fmt,
        "lang": opts.lang,
        "max_bytes": opts.max_bytes,
        "lang_threshold": opts.lang_threshold,
        "lang_prefix_chars": opts.lang_prefix_chars,
        "chunk_size": settings.chunk_size,
        "doc_timeout": settings.doc_timeout,
        "process": settings.process,
    }


# ---------------------------------------------------------------- engines


class Engine(Protocol):
    capacity: int  # chunks to keep in flight
    workers: int

    def submit(self, chunk: Chunk, done: Callable[[Any], None]) -> Any: ...
    def result(self, future: Any) -> ChunkResult: ...
    def close(self, *, abort: bool = False) -> None: ...


#: imported once by the fork server, so that new workers (and replacements) start in milliseconds
FORKSERVER_PRELOAD = ["extractor.worker", *HEAVY_IMPORTS]


def _mp_context(preload: Sequence[str] = ()):  # noqa: ANN202
    """forkserver where the platform has it (workers are forked from a clean, single-threaded
    server process that has imported the heavy modules, and ``preload``), else spawn. Never
    plain fork. The server is one per process: the first engine to start it sets its list."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    _start_forkserver(context, [*FORKSERVER_PRELOAD, *preload])
    return context


def _start_forkserver(context, preload: list[str]) -> None:  # noqa: ANN001
    """Start the fork server (if it is not running yet) with the preload list, and with
    OpenBLAS limited to one thread: numpy would otherwise start a thread pool at import, and
    the server must have no threads when it forks."""
    from multiprocessing import forkserver

    context.set_forkserver_preload(preload)
    saved = {k: os.environ.get(k) for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    os.environ.update({k: v or "1" for k, v in saved.items()})
    try:
        forkserver.ensure_running()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class LocalEngine:
    """A process pool on this machine; replaced when a worker dies."""

    def __init__(self, workers: int, config: WorkerConfig) -> None:
        self.workers = workers
        self.capacity = 2 * workers
        self.config = config
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=_mp_context(),
                                   initializer=init_worker, initargs=(self.config,))

    def submit(self, chunk: Chunk, done: Callable[[Any], None]) -> Any:
        future = self._pool.submit(process_chunk, chunk)
        future.add_done_callback(done)
        return future

    def result(self, future: Any) -> ChunkResult:
        return future.result()

    def replace_pool(self) -> None:
        self._terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = self._new_pool()

    def _terminate(self) -> None:
        # ProcessPoolExecutor cannot stop a running task; its worker processes can be ended
        for process in list((getattr(self._pool, "_processes", None) or {}).values()):
            if process.is_alive():
                process.terminate()

    def close(self, *, abort: bool = False) -> None:
        if abort:
            self._terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)


# The cluster we start ourselves shares the machine with the driver: its scheduler and nannies run in
# this process and their periodic callbacks take CPU from the workers. No dashboard, so no use for
# the workers' statistical profiler (it samples every task thread every 10 ms) nor for the 0.5 s
# system monitor; event-loop health ticks and the nannies' memory checks once a second instead of
# every 20 / 100 ms; no work stealing between two equal local workers. Workers are started the way
# the process pool's are (see ``DaskEngine``), and without Dask's MALLOC_TRIM_THRESHOLD_=64 KiB: that
# made glibc hand freed memory back after each document and fault it in again (~180 page faults and
# ~0.4 ms of system CPU per page in each worker; the workers' memory is bounded by the memory zones,
# the memory manager's "unmanaged memory" reading is all the trim is for). An existing cluster
# (--scheduler) keeps its own configuration.
_LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,  # None: not set at all
}


_WORKERS_REFRESH_S = 5.0  # how often the Dask engine asks the scheduler which workers there are


class DaskEngine:
    """Chunks as Dask tasks on an existing cluster (``scheduler``) or a LocalCluster."""

    def __init__(self, workers: int, config: WorkerConfig, scheduler: str | None) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError:
            raise BatchError("--engine dask needs Dask: pip install 'extractor[dask]'") from None
        self.config = config
        self._cluster = None
        self._scattered: dict[str, Any] = {}  # task key -> its chunk's data, held until the result
        address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None
        if address:
            self.client = Client(address, timeout="30s")
        else:
            # The workers are forked from the pool's fork server, which has imported our heavy
            # modules and distributed. Started by Dask's default (spawn), each from a bare
            # interpreter, they spent ~10% more CPU per page than the pool's workers on the same
            # chunks, spread evenly over all the code (py-spy); forked, the same as the pool's.
            context = _mp_context(preload=["distributed"])
            with dask.config.set({**_LOCAL_CLUSTER_CONFIG,
                                  "distributed.worker.multiprocessing-method": context.get_start_method()}):
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=40)
            self.client = Client(self._cluster)
        self._threads: dict[str, int] = dict(self.client.nthreads())  # worker address -> threads
        self._threads_at = time.monotonic()
        self._docs: Counter[str | None] = Counter()  # worker address -> documents sent and not returned
        self._placed: dict[str, tuple[str | None, int]] = {}  # task key -> (its worker, its documents)
        # each worker builds its state now, as the pool's initializer does, not in its first chunk
        # (a worker that joins later builds it in its first chunk)
        self._warming = [self.client.submit(dask_warm, config, workers=[address], allow_other_workers=True, pure=False)
                         for address in self._threads]
        n_threads = sum(self._threads.values()) or workers
        self.workers = n_threads
        self.capacity = 2 * n_threads

    def _least_loaded(self) -> str | None:
        """The worker with the fewest documents in flight per thread (the list of workers is asked
        of the scheduler again every few seconds: workers come and go on a cluster)."""
        if time.monotonic() - self._threads_at > _WORKERS_REFRESH_S:
            try:
                self._threads = dict(self.client.nthreads())
            except Exception:  # noqa: BLE001 - the scheduler did not answer: keep the list we have
                pass
            self._threads_at = time.monotonic()
        if not self._threads:
            return None
        return min(self._threads, key=lambda a: (self._docs[a] / max(1, self._threads[a]), a))

    def submit(self, chunk: Chunk, done: Callable[[Any], None]) -> Any:
        # The page bytes go straight to a worker (scatter, direct): passed as an argument of
        # submit they would travel through the scheduler (in this process for a local cluster).
        # They go to the least loaded worker and the task runs where its bytes are; Dask's own
        # round robin ignores load and, work stealing being off, left a worker idle behind a busy one.
        target = self._least_loaded()
        try:
            [data] = self.client.scatter([chunk], direct=True, hash=False, workers=[target] if target else None)
        except Exception:  # noqa: BLE001 - that worker has just gone: let Dask choose
            target = None
            [data] = self.client.scatter([chunk], direct=True, hash=False)
        future = self.client.submit(dask_process_chunk, data, self.config, pure=False)
        self._scattered[future.key] = data
        self._placed[future.key] = (target, len(chunk.docs))
        self._docs[target] += len(chunk.docs)
        future.add_done_callback(done)
        return future

    def result(self, future: Any) -> ChunkResult:
        try:
            return future.result()
        finally:
            self._scattered.pop(future.key, None)
            target, n_docs = self._placed.pop(future.key, (None, 0))
            self._docs[target] -= n_docs

    def close(self, *, abort: bool = False) -> None:
        try:
            self.client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()


# ---------------------------------------------------------------- driver


@dataclass(slots=True)
class _InFlight:
    chunk: Chunk
    digest: str
    future: Any
    failures: int = 0


@dataclass(slots=True)
class _Driver:
    settings: BatchSettings
    run_dir: RunDirectory
    engine: Any
    on_chunk: Callable[[dict[str, int], int], None]
    inflight: dict[int, _InFlight] = field(default_factory=dict)
    retry: list[_InFlight] = field(default_factory=list)  # to send again, in order
    suspects: set[int] = field(default_factory=set)  # chunks in flight when a worker died unexplained
    events: queue.Queue = field(default_factory=queue.Queue)
    barren_restarts: int = 0
    first_result: float | None = None
    last_result: float | None = None
    first_result_cpu: float | None = None  # this process's CPU seconds then
    last_result_cpu: float | None = None
    worker_peak_kb: int = 0
    worker_cpu_s: float = 0.0
    pipelines_cpu_s: dict[str, list[float]] = field(default_factory=dict)
    pipelines_cpu_s_after_first: float = 0.0

    def capacity(self) -> int:
        """Chunks to keep in flight: one at a time while an unexplained crash is being narrowed down."""
        return 1 if self.suspects else self.engine.capacity

    def submit(self, chunk: Chunk, digest: str, failures: int = 0) -> None:
        index = chunk.index
        future = self.engine.submit(chunk, lambda f, i=index: self.events.put((i, f)))
        self.inflight[index] = _InFlight(chunk, digest, future, failures)

    def submit_retry(self) -> bool:
        if not self.retry:
            return False
        job = self.retry.pop(0)
        self.submit(job.chunk, job.digest, job.failures)
        return True

    def wait_one(self) -> None:
        """Handle one finished task (blocks until there is one)."""
        while True:
            try:
                index, future = self.events.get(timeout=0.5)
                break
            except queue.Empty:
                continue
        job = self.inflight.get(index)
        if job is None or job.future is not future:
            return  # a task of a pool that has been replaced
        try:
            result = self.engine.result(future)
        except BrokenProcessPool:
            self._replace_pool()
            return
        except Exception as exc:  # noqa: BLE001 - a failed task (Dask: KilledWorker, ...)
            self._task_failed(job, exc)
            return
        self._commit(job, result)

    def _commit(self, job: _InFlight, result: ChunkResult) -> None:
        self.run_dir.commit(result, job.digest)
        del self.inflight[job.chunk.index]
        self.suspects.discard(job.chunk.index)
        self.barren_restarts = 0
        self.worker_peak_kb = max(self.worker_peak_kb, result.peak_rss_kb)
        self.worker_cpu_s += result.cpu_s
        for code, seconds in result.pipelines_cpu_s.items():
            self.pipelines_cpu_s.setdefault(code, []).append(seconds)
        if self.first_result is not None:  # built between the first and the last result
            self.pipelines_cpu_s_after_first += sum(result.pipelines_cpu_s.values())
        self.last_result, self.last_result_cpu = time.perf_counter(), process_cpu_s()
        if self.first_result is None:
            self.first_result, self.first_result_cpu = self.last_result, self.last_result_cpu
        self.on_chunk(result.counts, len(job.chunk.docs))

    def _task_failed(self, job: _InFlight, exc: BaseException) -> None:
        del self.inflight[job.chunk.index]
        if job.failures < 1:
            job.failures += 1
            self.retry.append(job)
            return
        reason = f"worker failed: {one_line(exc)}"
        results = [failed_result(raw, reason) for raw in job.chunk.docs]
        self.inflight[job.chunk.index] = job
        self._commit(job, chunk_result(job.chunk.index, results, self.settings.fmt))

    def _replace_pool(self) -> None:
        """A pool worker died. A worker that ended itself named its document (timeout); a
        crash with one document in progress names that one; a crash with several in progress
        sends their chunks again one at a time, so that the next crash is unambiguous."""
        self.barren_restarts += 1
        if self.barren_restarts > MAX_BARREN_RESTARTS:
            raise BatchError("worker processes keep dying before finishing any chunk")
        busy = [(k, pos, why) for k, pos, why in read_status_files(self.run_dir.status_dir)
                if k in self.inflight and pos < len(self.inflight[k].chunk.docs)]
        self.engine.replace_pool()
        timed_out = [(k, pos) for k, pos, why in busy if why == TIMEOUT_REASON]
        for k, pos in timed_out:
            self.inflight[k].chunk.presets[pos] = TIMEOUT_REASON
        if not timed_out and len(busy) == 1:
            k, pos, _ = busy[0]
            self.inflight[k].chunk.presets[pos] = CRASH_REASON
        elif not timed_out and len(busy) > 1:
            self.suspects.update(k for k, _, _ in busy)
        jobs = sorted(self.inflight.values(), key=lambda j: j.chunk.index)
        self.inflight.clear()
        self.retry = sorted(self.retry + jobs, key=lambda j: j.chunk.index)


def _worker_config(settings: BatchSettings, run_dir: RunDirectory, local: bool) -> WorkerConfig:
    return WorkerConfig(
        options=settings.options,
        fmt=settings.fmt,
        doc_timeout=settings.doc_timeout,
        status_dir=str(run_dir.status_dir) if local else None,
        hard_grace=settings.hard_grace,
        process=settings.process,
    )


def make_engine(settings: BatchSettings, config: WorkerConfig) -> Any:
    if settings.engine == "dask":
        return DaskEngine(settings.workers, config, settings.scheduler)
    return LocalEngine(settings.workers, config)


def run_batch(documents: Iterator[RawDocument], settings: BatchSettings, inputs: list[str],
              on_chunk: Callable[[dict[str, int], int], None] = lambda counts, n: None,
              on_note: Callable[[str], None] = lambda text: None) -> BatchOutcome:
    """Process ``documents`` in chunks and commit them (see module docstring).

    Raises ResumeError / BatchError when the run cannot go on; the run directory is then kept
    (for --resume) unless nothing had been committed. KeyboardInterrupt also keeps it.
    """
    start = time.perf_counter()
    run_dir = RunDirectory(settings.output, fingerprint(settings, inputs),
                           figures_header=figures_header(settings.fmt), manifest_header=manifest_header())
    had_previous = run_dir.exists()
    resumed = run_dir.start(resume=settings.resume)
    if had_previous and not settings.resume:
        on_note(f"discarded the unfinished run in {run_dir.path} (use --resume to continue one)")
    elif settings.resume and not resumed:
        on_note("nothing to resume; starting a new run")
    state = run_dir.state
    if state.finished:  # killed after merging everything, before the final renames
        run_dir.finish(settings.output, settings.manifest)
        totals = state.totals()
        n_docs = sum(v for k, v in totals.items() if k != "figures")
        return _outcome(totals, resumed, state.next_merge, None, 0.0, 0, n_resumed=n_docs)

    engine_start = time.perf_counter()
    engine = make_engine(settings, _worker_config(settings, run_dir, settings.engine == "local"))
    engine_start_s = time.perf_counter() - engine_start
    driver = _Driver(settings, run_dir, engine, on_chunk)
    n_chunks = 0
    n_resumed = 0
    try:
        chunks = iter_chunks(documents, settings.chunk_size)
        exhausted = False
        while True:
            while len(driver.inflight) < driver.capacity() and (driver.retry or not exhausted):
                if driver.submit_retry():
                    continue
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                n_chunks = chunk.index + 1
                digest = chunk_digest(chunk.docs)
                if state.is_committed(chunk.index):
                    if not state.check(chunk.index, digest):
                        raise ResumeError(f"the input changed since the interrupted run (chunk {chunk.index} "
                                          "differs); start again without --resume")
                    n_resumed += len(chunk.docs)
                    on_chunk({}, len(chunk.docs))
                    continue
                driver.submit(chunk, digest)
            if not driver.inflight and not driver.retry:
                break
            if driver.inflight:
                driver.wait_one()
        if state.unchecked():
            raise ResumeError("the input changed since the interrupted run (it has fewer documents); "
                              "start again without --resume")
    except BaseException:
        try:
            engine.close(abort=True)
        finally:
            run_dir.close()
        raise
    engine.close()
    if n_chunks == 0:
        run_dir.close()
        run_dir.discard()
        return _outcome({}, resumed, 0, None, engine_start_s, engine.workers)
    run_dir.finish(settings.output, settings.manifest)
    first = None if driver.first_result is None else driver.first_result - start
    outcome = _outcome(state.totals(), resumed, n_chunks, first, engine_start_s, engine.workers, n_resumed=n_resumed)
    outcome.worker_peak_rss_kb = driver.worker_peak_kb
    outcome.worker_cpu_s = driver.worker_cpu_s
    outcome.last_result_s = None if driver.last_result is None else driver.last_result - start
    outcome.main_cpu_first_result_s, outcome.main_cpu_last_result_s = driver.first_result_cpu, driver.last_result_cpu
    outcome.pipelines_cpu_s = driver.pipelines_cpu_s
    outcome.pipelines_cpu_s_after_first_result = driver.pipelines_cpu_s_after_first
    return outcome


def _outcome(totals: dict[str, int], resumed: bool, n_chunks: int, first: float | None, engine_start_s: float,
             workers: int, n_resumed: int = 0) -> BatchOutcome:
    counts = Counter({k: v for k, v in totals.items() if k != "figures"})
    return BatchOutcome(counts=counts, n_documents=sum(counts.values()), n_figures=totals.get("figures", 0),
                        resumed=resumed, n_resumed_documents=n_resumed, first_result_s=first,
                        engine_start_s=engine_start_s, workers=workers)


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)
