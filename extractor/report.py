"""Telling the user how a run goes: the progress bar, the closing summary and ``run.json``."""

from __future__ import annotations

import json
import os
import platform
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from extractor.output import write_atomic
from extractor.types import ERROR, NO_FIGURES, OK, SKIPPED, STATUSES

VERSIONED = ("extractor", "spacy", "trafilatura", "langdetect", "dateparser", "warcio", "lxml", "tqdm",
             "dask", "distributed")


class Progress:
    """A tqdm bar on stderr (only when stderr is a terminal and not ``quiet``): documents/s and
    the ok / skipped / error counts so far."""

    def __init__(self, quiet: bool, *, stream: Any = None) -> None:
        stream = stream if stream is not None else sys.stderr
        self.counts: Counter[str] = Counter()
        self.bar = None
        if not quiet and stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(unit="doc", file=stream, leave=False, dynamic_ncols=True, smoothing=0.1)

    def add(self, counts: dict[str, int], n_documents: int) -> None:
        for status in STATUSES:
            self.counts[status] += counts.get(status, 0)
        if self.bar is not None:
            self.bar.set_postfix_str(
                f"ok {self.counts[OK] + self.counts[NO_FIGURES]}, skipped {self.counts[SKIPPED]}, "
                f"error {self.counts[ERROR]}", refresh=False)
            self.bar.update(n_documents)

    def write(self, line: str) -> None:
        """A message on stderr that does not break the bar."""
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


@dataclass(slots=True)
class RunReport:
    """What ``run.json`` records and the summary line says."""

    arguments: dict[str, Any]
    output: str
    manifest: str
    engine: str
    workers: int
    started: datetime
    counts: Counter[str] = field(default_factory=Counter)
    n_documents: int = 0
    n_figures: int = 0
    seconds: float = 0.0
    first_result_s: float | None = None
    last_result_s: float | None = None
    main_cpu_first_result_s: float | None = None  # this process's CPU seconds at the first result
    main_cpu_last_result_s: float | None = None  # ... and at the last one
    engine_start_s: float = 0.0
    resumed: bool = False
    n_resumed_documents: int = 0
    n_unreadable: int = 0  # documents whose bytes could not be read at all
    worker_peak_rss_kb: int = 0
    worker_cpu_s: float | None = None  # None: no separate workers (in-process run)
    pipelines_cpu_s: dict[str, list[float]] = field(default_factory=dict)  # language -> CPU s of each build
    pipelines_cpu_s_after_first_result: float | None = None  # of those, built after the first result

    def summary(self) -> str:
        parts = ", ".join(f"{self.counts[s]} {s}" for s in STATUSES)
        rate = self.n_documents / self.seconds if self.seconds > 0 else 0.0
        text = (f"extractor: {self.n_documents} documents ({parts}), {self.n_figures} figures in {self.seconds:.1f} s "
                f"({rate:.1f} documents/s, {self.workers} worker{'s' if self.workers != 1 else ''}, {self.engine} "
                f"engine)")
        if self.resumed:
            text += f"; {self.n_resumed_documents} documents were done before the interruption"
        return text + f" -> {self.output} (manifest {self.manifest}, run.json)"

    def as_dict(self) -> dict[str, Any]:
        rate = self.n_documents / self.seconds if self.seconds > 0 else None
        return {
            "extractor": _version("extractor"),
            "versions": {name: _version(name) for name in VERSIONED},
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpu_count": os.cpu_count(),
            "arguments": self.arguments,
            "output": self.output,
            "manifest": self.manifest,
            "engine": self.engine,
            "workers": self.workers,
            "resumed": self.resumed,
            "documents_done_before_resume": self.n_resumed_documents,
            "counts": {s: self.counts[s] for s in STATUSES},
            "documents": self.n_documents,
            "figures": self.n_figures,
            "timings": {
                "started": self.started.isoformat(timespec="seconds"),
                "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "total_s": round(self.seconds, 3),
                "engine_start_s": round(self.engine_start_s, 3),
                "first_result_s": _rounded(self.first_result_s),
                "last_result_s": _rounded(self.last_result_s),
                "documents_per_s": None if rate is None else round(rate, 2),
                "main_process_cpu_s": round(process_cpu_s(), 3),
                # between them: the main process's share of the steady state (start-up and shutdown excluded)
                "main_process_cpu_at_first_result_s": _rounded(self.main_cpu_first_result_s),
                "main_process_cpu_at_last_result_s": _rounded(self.main_cpu_last_result_s),
                "workers_cpu_s": _rounded(self.worker_cpu_s),
                # start-up inside the workers: building each language's pipeline, once per worker
                "pipelines_cpu_s": round(sum(sum(v) for v in self.pipelines_cpu_s.values()), 3),
                "pipelines_cpu_s_after_first_result": _rounded(self.pipelines_cpu_s_after_first_result),
            },
            "pipelines": {code: {"builds": len(v), "cpu_s_each": round(sum(v) / len(v), 3)}
                          for code, v in sorted(self.pipelines_cpu_s.items())},
            "peak_rss_mb": {
                "main_process": round(_own_peak_kb() / 1024, 1),
                "largest_worker": round(self.worker_peak_rss_kb / 1024, 1) if self.worker_peak_rss_kb else None,
            },
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def process_cpu_s() -> float:
    """CPU seconds (user + system) this process has used so far."""
    times = os.times()
    return times.user + times.system


def _own_peak_kb() -> int:
    from extractor.worker import peak_rss_kb

    return peak_rss_kb()


def _version(name: str) -> str | None:
    if name == "extractor":
        from extractor import __version__

        return __version__
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def run_json_path(output: Path) -> Path:
    return output.parent / "run.json"


def write_run_json(report: RunReport, path: Path) -> None:
    """Write ``run.json`` atomically (temporary file + rename)."""
    write_atomic(path, json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n", fsync=False)
