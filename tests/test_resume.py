"""--resume after SIGKILL: real ``extractor run`` processes are killed mid-run (the whole
process group, workers included, like a power cut), then resumed; the result must be the bytes
of an uninterrupted run, and no output file may ever be half-written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batchhelpers import ROOT, make_corpus, read_rows

from extractor import cli
from extractor.journal import JOURNAL, run_dir_for

N_DOCS = 160
ARGS = ["--workers", "2", "--chunk-size", "4", "--doc-timeout", "0", "-q"]  # no wall-clock limits in comparisons


def _command(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "extractor", "run", str(corpus), "-o", str(out), *ARGS, *extra]


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def _journal_lines(out: Path) -> int:
    try:
        return (run_dir_for(out) / JOURNAL).read_bytes().count(b"\n")
    except OSError:
        return 0


def _run_and_kill(command: list[str], out: Path, after_lines: int) -> None:
    """Start ``command`` in its own process group; SIGKILL the group once the journal has
    ``after_lines`` lines. Fails if the run finishes first."""
    proc = subprocess.Popen(command, cwd=out.parent, env=_env(), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 600
    try:
        while _journal_lines(out) < after_lines:
            assert proc.poll() is None, f"the run ended before it could be killed: {proc.stderr.read()!r}"
            assert time.monotonic() < deadline, "the run made no progress"
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("resume") / "in", N_DOCS)


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reference") / "figures.csv"
    subprocess.run(_command(corpus, out), cwd=out.parent, env=_env(), check=True, timeout=600)
    return out


def test_killed_twice_then_resumed_equals_an_uninterrupted_run(corpus: Path, reference: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.csv"
    _run_and_kill(_command(corpus, out), out, after_lines=3)
    assert not out.exists() and not (tmp_path / "documents.csv").exists()  # never a partial output
    lines_after_first = _journal_lines(out)

    # damage what a power cut can damage: a torn journal line, an unjournaled tail of the merge files
    run_dir = run_dir_for(out)
    with (run_dir / JOURNAL).open("ab") as fh:
        fh.write(b"merged 7 deadbeef 99999 99999 {}")
    with (run_dir / "figures.part").open("ab") as fh:
        fh.write(b"g00/doc0099,https://half.example/,Half a ro")
    with (run_dir / "manifest.part").open("ab") as fh:
        fh.write(b"g00/doc0099,/x,o")

    _run_and_kill(_command(corpus, out, "--resume"), out, after_lines=lines_after_first + 4)
    assert not out.exists()

    finished = subprocess.run(_command(corpus, out, "--resume"), cwd=tmp_path, env=_env(), timeout=600,
                              capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert out.read_bytes() == reference.read_bytes()
    assert read_rows(tmp_path / "documents.csv", drop=("elapsed_ms",)) == read_rows(
        reference.parent / "documents.csv", drop=("elapsed_ms",))
    assert len(read_rows(tmp_path / "documents.csv")) == N_DOCS
    info = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert info["resumed"] is True and info["documents"] == N_DOCS
    assert 0 < info["documents_done_before_resume"] < N_DOCS
    assert not run_dir.exists()


def test_resume_with_other_arguments_or_changed_input_is_refused(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    corpus = make_corpus(tmp_path / "in", 40)
    out = tmp_path / "figures.csv"
    _run_and_kill(_command(corpus, out), out, after_lines=2)

    assert cli.main(["run", str(corpus), "-o", str(out), "--resume", "--chunk-size", "8", "--workers", "2",
                     "--doc-timeout", "0"]) == 1
    err = capsys.readouterr().err
    assert "used other arguments (chunk_size)" in err and err.count("\n") == 1

    first = sorted(corpus.rglob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nchanged\n", encoding="utf-8")
    assert cli.main(["run", str(corpus), "-o", str(out), "--resume", *ARGS]) == 1
    assert "the input changed since the interrupted run" in capsys.readouterr().err
    assert run_dir_for(out).exists() and not out.exists()  # the interrupted run is kept

    # without --resume the unfinished run is discarded and the run starts over
    assert cli.main(["run", str(corpus), "-o", str(out), "--workers", "2", "--chunk-size", "4"]) == 0
    assert "discarded the unfinished run" in capsys.readouterr().err
    assert len(read_rows(tmp_path / "documents.csv")) == 40 and not run_dir_for(out).exists()


def test_resume_without_a_previous_run_starts_a_new_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = make_corpus(tmp_path / "in", 6)
    out = tmp_path / "figures.csv"
    assert cli.main(["run", str(corpus), "-o", str(out), "--resume", "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "nothing to resume; starting a new run" in err
    assert len(read_rows(tmp_path / "documents.csv")) == 6


def test_sigterm_keeps_the_run_for_resume_and_stops_the_workers(corpus: Path, reference: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.csv"
    proc = subprocess.Popen(_command(corpus, out), cwd=tmp_path, env=_env(), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 600
    while _journal_lines(out) < 2:
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)  # the main process only, as `kill PID` does
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "run the same command with --resume" in err and "Traceback" not in err
    assert run_dir_for(out).exists() and not out.exists()
    gone = time.monotonic() + 30
    while time.monotonic() < gone:  # no worker or fork server left behind
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        pytest.fail("processes of the interrupted run are still alive")
    finished = subprocess.run(_command(corpus, out, "--resume"), cwd=tmp_path, env=_env(), timeout=600,
                              capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert out.read_bytes() == reference.read_bytes()
