"""The commit protocol of a batch run: survive SIGKILL or power loss, lose and double nothing.

A run works in a directory beside the output, ``.<output name>.run/``::

    state.json       what the run is (inputs, options, chunking); --resume refuses a different run
    journal          one line per event, each ending in a CRC32 of the line, fsynced:
                       done <k> <digest> <fig bytes> <man bytes> <counts json> <crc>
                       merged <k> <digest> <figures.part size> <manifest.part size> <counts json> <crc>
    figures.part     header + the rows of chunks 0..m (the merged, contiguous prefix)
    manifest.part    the same for the manifest
    chunks/<k>.fig   a chunk finished out of order (written to a temporary name, fsynced,
    chunks/<k>.man   renamed), waiting for the chunks before it

Chunk ``k`` is committed when its ``done`` or ``merged`` line is in the journal. Merging appends
the next chunk(s) in order to the ``.part`` files, fsyncs them and then journals the new sizes.
On resume the ``.part`` files are cut back to the sizes of the last ``merged`` line (a torn
append disappears), a torn last journal line is ignored, and ``done`` chunks whose files are
missing or of the wrong size are redone. When every chunk is merged, the ``.part`` files are
renamed over the output and the manifest (atomic), and the directory is removed: a reader
never sees a half-written output file.
"""

from __future__ import annotations

import json
import os
import shutil
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.output import AtomicFile, write_atomic
from extractor.worker import ChunkResult

STATE = "state.json"
JOURNAL = "journal"
FIGURES = "figures.part"
MANIFEST = "manifest.part"


class ResumeError(Exception):
    """The run directory cannot be resumed (other arguments, damaged state)."""


def run_dir_for(output: Path) -> Path:
    return output.parent / f".{output.name}.run"


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _move(source: Path, target: Path) -> None:
    """Rename ``source`` over ``target``; across file systems copy to a temporary name there first."""
    try:
        os.replace(source, target)
        return
    except OSError:
        if not source.exists():
            raise
    with AtomicFile(target, binary=True) as copy, open(source, "rb") as fh:
        shutil.copyfileobj(fh, copy.fh)
    source.unlink()


def _counts_json(counts: dict[str, int]) -> str:
    return json.dumps(counts, sort_keys=True, separators=(",", ":"))


def _line(fields: list[str]) -> str:
    body = " ".join(fields)
    return f"{body} {zlib.crc32(body.encode('utf-8')):08x}\n"


def _parse(line: str) -> list[str] | None:
    if not line.endswith("\n"):
        return None  # torn write
    body, _, crc = line.rstrip("\n").rpartition(" ")
    if not body or f"{zlib.crc32(body.encode('utf-8')):08x}" != crc:
        return None
    return body.split(" ", 5)


@dataclass(slots=True)
class ChunkRecord:
    index: int
    digest: str
    counts: dict[str, int]


@dataclass(slots=True)
class RunState:
    """What the journal says. Memory does not grow with the run: merged chunks are only summed;
    the digests of chunks committed by an earlier session are kept until the resumed run has
    checked them against the input again (``check``)."""

    next_merge: int = 0  # chunks 0 .. next_merge-1 are in the .part files
    waiting: dict[int, ChunkRecord] = field(default_factory=dict)  # done, out of order
    earlier: dict[int, str] = field(default_factory=dict)  # merged by an earlier session: digest
    sums: dict[str, int] = field(default_factory=dict)  # counts of the merged chunks
    sizes: tuple[int, int] = (0, 0)
    finished: bool = False  # every chunk was merged; only the final renames may be missing

    def is_committed(self, index: int) -> bool:
        return index < self.next_merge or index in self.waiting

    def check(self, index: int, digest: str) -> bool:
        """Does committed chunk ``index`` have this input digest? (Forgets it once checked.)"""
        if index in self.waiting:
            return self.waiting[index].digest == digest
        return self.earlier.pop(index, None) == digest

    def unchecked(self) -> list[int]:
        """Committed chunks the input has not reached (it became shorter)."""
        return sorted([*self.earlier, *self.waiting])

    def add(self, counts: dict[str, int]) -> None:
        for key, value in counts.items():
            self.sums[key] = self.sums.get(key, 0) + value

    def totals(self) -> dict[str, int]:
        total = dict(self.sums)
        for record in self.waiting.values():
            for key, value in record.counts.items():
                total[key] = total.get(key, 0) + value
        return total


class RunDirectory:
    """One run's working directory and its journal (see module docstring)."""

    def __init__(self, output: Path, fingerprint: dict[str, Any], *, figures_header: str, manifest_header: str):
        self.path = run_dir_for(output)
        self.fingerprint = fingerprint
        self.figures_header = figures_header.encode("utf-8")
        self.manifest_header = manifest_header.encode("utf-8")
        self.state = RunState()
        self._journal = None
        self._fig = None
        self._man = None

    # -- opening

    def exists(self) -> bool:
        return (self.path / STATE).is_file()

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    @property
    def chunks_dir(self) -> Path:
        return self.path / "chunks"

    @property
    def status_dir(self) -> Path:
        return self.path / "workers"

    def start(self, *, resume: bool) -> bool:
        """Open the directory; with ``resume`` continue a previous run (returns True when
        there was one). Without it, any previous run directory is discarded."""
        resumed = False
        if resume and self.exists():
            self._load()
            resumed = True
        else:
            self.discard()
            self.path.mkdir(parents=True)
            write_atomic(self.path / STATE, json.dumps(self.fingerprint, indent=2, sort_keys=True).encode())
            write_atomic(self.path / FIGURES, self.figures_header)
            write_atomic(self.path / MANIFEST, self.manifest_header)
            write_atomic(self.path / JOURNAL, b"")
            self.state = RunState(sizes=(len(self.figures_header), len(self.manifest_header)))
        self.chunks_dir.mkdir(exist_ok=True)
        self.status_dir.mkdir(exist_ok=True)
        for stale in self.status_dir.iterdir():
            stale.unlink(missing_ok=True)
        _fsync_dir(self.path)
        _fsync_dir(self.path.parent)
        self._journal = open(self.path / JOURNAL, "ab")
        if self.state.finished:
            return resumed
        self._fig = open(self.path / FIGURES, "r+b")
        self._man = open(self.path / MANIFEST, "r+b")
        self._fig.seek(self.state.sizes[0])
        self._man.seek(self.state.sizes[1])
        return resumed

    def _load(self) -> None:
        try:
            saved = json.loads((self.path / STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ResumeError(f"cannot read {self.path / STATE}: {exc}") from None
        if saved != self.fingerprint:
            changed = sorted(k for k in set(saved) | set(self.fingerprint) if saved.get(k) != self.fingerprint.get(k))
            raise ResumeError(f"the interrupted run in {self.path} used other arguments ({', '.join(changed)})")
        state = RunState(sizes=(len(self.figures_header), len(self.manifest_header)))
        good_bytes = 0
        with open(self.path / JOURNAL, "rb") as fh:
            for raw in fh:
                fields = _parse(raw.decode("utf-8", "replace"))
                if fields is None or len(fields) != 6:
                    break  # a torn last line: everything after it is discarded
                good_bytes += len(raw)
                kind, index, digest, a, b, counts = fields
                if kind == "finished":
                    state.finished = True
                    continue
                record = ChunkRecord(int(index), digest, json.loads(counts))
                if kind == "merged":
                    state.waiting.pop(record.index, None)
                    state.earlier[record.index] = record.digest
                    state.add(record.counts)
                    state.next_merge = record.index + 1
                    state.sizes = (int(a), int(b))
                elif kind == "done":
                    if self._chunk_file_sizes(record.index) == (int(a), int(b)):
                        state.waiting[record.index] = record
        with open(self.path / JOURNAL, "r+b") as fh:
            fh.truncate(good_bytes)
        self.state = state
        if state.finished:
            return
        for name, size in ((FIGURES, state.sizes[0]), (MANIFEST, state.sizes[1])):
            path = self.path / name
            if not path.is_file() or path.stat().st_size < size:
                raise ResumeError(f"{path} is shorter than its journal says; start the run again without --resume")
            with open(path, "r+b") as fh:
                fh.truncate(size)
                os.fsync(fh.fileno())

    def _chunk_paths(self, index: int) -> tuple[Path, Path]:
        return self.chunks_dir / f"{index:09d}.fig", self.chunks_dir / f"{index:09d}.man"

    def _chunk_file_sizes(self, index: int) -> tuple[int, int] | None:
        fig, man = self._chunk_paths(index)
        try:
            return fig.stat().st_size, man.stat().st_size
        except OSError:
            return None

    # -- committing

    def _append_journal(self, fields: list[str]) -> None:
        assert self._journal is not None
        self._journal.write(_line(fields).encode("utf-8"))
        self._journal.flush()
        os.fsync(self._journal.fileno())

    def commit(self, result: ChunkResult, digest: str) -> None:
        """Make ``result`` durable, then merge every chunk that is now next in order."""
        record = ChunkRecord(result.index, digest, result.counts)
        if result.index == self.state.next_merge:
            self._merge(record, result.figures.encode("utf-8"), result.manifest.encode("utf-8"))
        else:
            fig, man = self._chunk_paths(result.index)
            fig_bytes, man_bytes = result.figures.encode("utf-8"), result.manifest.encode("utf-8")
            write_atomic(fig, fig_bytes)
            write_atomic(man, man_bytes)
            _fsync_dir(self.chunks_dir)
            self._append_journal(["done", str(result.index), digest, str(len(fig_bytes)), str(len(man_bytes)),
                                  _counts_json(result.counts)])
            self.state.waiting[result.index] = record
        while self.state.next_merge in self.state.waiting:
            waiting = self.state.waiting[self.state.next_merge]
            fig, man = self._chunk_paths(waiting.index)
            self._merge(waiting, fig.read_bytes(), man.read_bytes())
            fig.unlink(missing_ok=True)
            man.unlink(missing_ok=True)

    def _merge(self, record: ChunkRecord, fig_bytes: bytes, man_bytes: bytes) -> None:
        assert self._fig is not None and self._man is not None
        for fh, data in ((self._fig, fig_bytes), (self._man, man_bytes)):
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        sizes = (self._fig.tell(), self._man.tell())
        self._append_journal(["merged", str(record.index), record.digest, str(sizes[0]), str(sizes[1]),
                              _counts_json(record.counts)])
        self.state.waiting.pop(record.index, None)
        self.state.add(record.counts)
        self.state.next_merge = record.index + 1
        self.state.sizes = sizes

    def finish(self, output: Path, manifest: Path) -> None:
        """All chunks are merged: move the files into place (atomically) and remove the directory."""
        if self.state.waiting:
            raise RuntimeError(f"chunks {sorted(self.state.waiting)[:5]} are not merged")
        if not self.state.finished:
            self._append_journal(["finished", str(self.state.next_merge), "-", "0", "0", "{}"])
            self.state.finished = True
        self.close()
        for name, target in ((MANIFEST, manifest), (FIGURES, output)):
            if (self.path / name).exists():  # a resumed 'finished' run may have moved one already
                _move(self.path / name, target)
        _fsync_dir(output.parent)
        if manifest.parent != output.parent:
            _fsync_dir(manifest.parent)
        self.discard()

    def close(self) -> None:
        for fh in (self._journal, self._fig, self._man):
            if fh is not None:
                fh.close()
        self._journal = self._fig = self._man = None
