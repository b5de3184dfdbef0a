"""Local process pool: the same bytes for 1 and N workers, input order, time limits, crashes,
progress and run.json."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from batchhelpers import make_corpus, process, read_rows

from extractor import cli
from extractor.report import Progress
from extractor.runner import BatchSettings, chunk_size_of, iter_chunks, run_batch
from extractor.sources import iter_documents
from extractor.types import RawDocument
from extractor.worker import CRASH_REASON, TIMEOUT_REASON

N_DOCS = 45  # more than cli.INLINE_MAX_DOCUMENTS: the batch runner is used


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("parallel") / "in", N_DOCS)


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The figures of a run with one worker."""
    out = tmp_path_factory.mktemp("ref") / "figures.csv"
    assert cli.main(["run", str(corpus), "-o", str(out), "--workers", "1", "--chunk-size", "8", "--doc-timeout", "0", "-q"]) == 0
    return out


def test_chunks_ramp_up_and_keep_input_order() -> None:
    assert [chunk_size_of(i, 32) for i in range(7)] == [2, 4, 8, 16, 32, 32, 32]
    docs = [RawDocument(str(i), "s") for i in range(50)]
    chunks = list(iter_chunks(iter(docs), 8))
    assert [len(c.docs) for c in chunks] == [2, 4, 8, 8, 8, 8, 8, 4]
    assert [d.doc_id for c in chunks for d in c.docs] == [str(i) for i in range(50)]
    assert [c.index for c in chunks] == list(range(8))


def test_two_workers_write_the_same_bytes_as_one(corpus: Path, reference: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "figures.csv"
    assert cli.main(["run", str(corpus), "-o", str(out), "--workers", "2", "--chunk-size", "4", "--doc-timeout", "0"]) == 0
    assert out.read_bytes() == reference.read_bytes()
    rows = read_rows(reference)
    assert len(rows) > 20 and {r["language"] for r in rows} == {"nl", "de"}
    manifest = read_rows(tmp_path / "documents.csv", drop=("elapsed_ms",))
    reference_manifest = read_rows(reference.parent / "documents.csv", drop=("elapsed_ms",))
    assert manifest == reference_manifest
    expected_order = [d.doc_id for d in iter_documents([str(corpus)])]
    assert [r["doc_id"] for r in manifest] == expected_order and len(expected_order) == N_DOCS
    assert {"ok", "skipped"} <= {r["status"] for r in manifest} <= {"ok", "skipped", "no_figures"}
    # the summary paragraph and run.json
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert f"extractor: {N_DOCS} documents (" in err[0] and "2 workers, local engine" in err[0]
    info = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert info["documents"] == N_DOCS == sum(info["counts"].values())
    assert info["counts"]["skipped"] == sum(r["status"] == "skipped" for r in manifest)
    assert info["figures"] == len(rows)
    assert info["workers"] == 2 and info["engine"] == "local" and info["resumed"] is False
    assert info["arguments"]["inputs"] == [str(corpus)] and info["arguments"]["workers"] == 2
    assert set(info["versions"]) >= {"spacy", "trafilatura", "langdetect", "dateparser", "warcio"}
    assert info["versions"]["spacy"].startswith("3.8")
    assert info["timings"]["total_s"] > 0 and info["timings"]["first_result_s"] > 0
    assert not list(tmp_path.glob(".*.run"))  # the run directory is gone


def test_small_runs_in_process_write_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    """A run of a few documents is processed in this process; the batch runner (forced by
    --resume) writes the same figures and manifest."""
    small = corpus / "g01"
    inline, batch = tmp_path / "inline.csv", tmp_path / "b" / "batch.csv"
    batch.parent.mkdir()
    assert cli.main(["run", str(small), "-o", str(inline), "--doc-timeout", "0", "-q"]) == 0
    assert cli.main(["run", str(small), "-o", str(batch), "--resume", "--workers", "2", "--doc-timeout", "0",
                     "-q"]) == 0
    assert inline.read_bytes() == batch.read_bytes() and inline.stat().st_size > 1000
    assert read_rows(tmp_path / "documents.csv", drop=("elapsed_ms",)) == read_rows(
        batch.parent / "documents.csv", drop=("elapsed_ms",))
    for path in (tmp_path / "run.json", batch.parent / "run.json"):
        assert json.loads(path.read_text())["documents"] == 20


def test_jsonl_output_with_2_workers_holds_the_same_rows(corpus: Path, reference: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    assert cli.main(["run", str(corpus), "-o", str(out), "--format", "jsonl", "--workers", "2",
                     "--chunk-size", "16", "--doc-timeout", "0", "-q"]) == 0
    objects = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    as_text = [{k: str(v) for k, v in obj.items()} for obj in objects]
    assert as_text == read_rows(reference)


def test_progress_bar_counts_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = Progress(False, stream=stream)
    progress.add({"ok": 3, "no_figures": 1, "skipped": 2}, 6)
    progress.add({"error": 1}, 1)
    progress.bar.refresh()
    text = stream.getvalue()
    progress.close()
    assert "7doc" in text.replace(" ", "") and "ok 4, skipped 2, error 1" in text
    quiet = Terminal()
    Progress(True, stream=quiet).add({"ok": 1}, 1)
    assert quiet.getvalue() == ""
    not_a_terminal = io.StringIO()
    Progress(False, stream=not_a_terminal).add({"ok": 1}, 1)
    assert not_a_terminal.getvalue() == ""


def _batch(tmp_path: Path, corpus: Path, **kwargs: object) -> list[dict[str, str]]:
    settings = BatchSettings(output=tmp_path / "f.csv", manifest=tmp_path / "m.csv", process="batchhelpers:process",
                             chunk_size=4, **kwargs)
    run_batch(iter_documents([str(corpus)]), settings, [str(corpus)])
    return read_rows(tmp_path / "m.csv", drop=("elapsed_ms",))


def test_timeouts_and_crashes_become_error_rows_and_the_batch_goes_on(tmp_path: Path) -> None:
    """SPIN loops in Python (the soft limit stops it), HANG blocks in C (the worker ends itself
    and is replaced), CRASH kills its worker process (replaced; the document is named, even
    though the other worker was busy too)."""
    markers = {3: "SPIN", 9: "HANG", 12: "CRASH"}
    corpus = make_corpus(tmp_path / "in", 16, markers=markers)
    rows = _batch(tmp_path, corpus, workers=2, doc_timeout=8.0, hard_grace=1.0)
    assert [r["doc_id"] for r in rows] == [d.doc_id for d in iter_documents([str(corpus)])]
    for i, row in enumerate(rows):
        if i in (3, 9):
            assert (row["status"], row["error"]) == ("error", TIMEOUT_REASON)
        elif i == 12:
            assert (row["status"], row["error"]) == ("error", CRASH_REASON)
        elif i % 7 == 6:
            assert row["status"] == "skipped"
        else:
            assert row["status"] in ("ok", "no_figures") and row["language"] in ("nl", "de"), row
    assert not (tmp_path / ".f.csv.run").exists()


def test_in_process_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = make_corpus(tmp_path / "in", 3, markers={1: "SPIN"})
    monkeypatch.setattr(cli, "process_document", process)
    assert cli.main(["run", str(corpus), "-o", str(tmp_path / "f.csv"), "--doc-timeout", "2", "-q"]) == 0
    rows = read_rows(tmp_path / "documents.csv")
    assert [(r["status"], r["error"]) for r in rows] == [("ok", ""), ("error", "timeout"), ("ok", "")]
    assert int(rows[1]["elapsed_ms"]) >= 2000


def test_usage_errors_of_the_batch_flags(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv, phrase in ((["--workers", "0"], "positive whole number"), (["--engine", "spark"], "invalid choice"),
                         (["--doc-timeout", "-1"], "number of seconds"), (["--scheduler", "tcp://x:1"], "--engine dask")):
        try:
            code = cli.main(["run", str(corpus), "-o", str(tmp_path / "f.csv"), *argv])
        except SystemExit as exc:
            code = exc.code
        assert code == 2
        assert phrase in capsys.readouterr().err


def _zone_docs(n: int) -> list[RawDocument]:
    """English articles, each with words no other one has (so each adds new strings to the vocab)."""
    docs = []
    for i in range(n):
        made_up = " ".join(f"w{i}x{k}" for k in range(40))  # langdetect reads no digits: still English
        text = (f"The Tien Yen district party committee admitted {100 + i} new members in 2024, "
                f"{90 + i % 10}% of its target. The new members were trained by the committee and "
                f"the mass organisations of the district before they were admitted. {made_up}.\n")
        docs.append(RawDocument(f"d{i}", f"d{i}.txt", content=text.encode(), kind="text"))
    return docs


@pytest.mark.parametrize("zone_docs", [1, 3])
def test_memory_zones_free_the_strings_documents_add_and_change_no_row(zone_docs: int) -> None:
    """spaCy's memory zones, opened over every loaded pipeline and renewed every ``zone_docs``
    documents, keep a worker's vocabulary from growing with the archive; rows are the same as
    without them."""
    from extractor.pipeline import get_pipeline
    from extractor.worker import Chunk, WorkerConfig, WorkerState

    docs = _zone_docs(24)
    plain = WorkerState(WorkerConfig(memory_zones=False, doc_timeout=None))
    expected = plain.run_chunk(Chunk(0, docs[:2])).figures  # loads the pipeline, strings kept for good
    strings = get_pipeline("en").vocab.strings
    state = WorkerState(WorkerConfig(zone_docs=zone_docs, doc_timeout=None))
    state.run_chunk(Chunk(0, docs[:2]))  # the pipeline is loaded: zones from now on
    before = len(strings)
    rows = [state.run_chunk(Chunk(k, docs[k:k + 2])).figures for k in range(2, len(docs), 2)]
    state.close_zones()
    assert len(strings) - before < 40  # 22 documents added 880 made-up words, all freed
    assert expected == state.run_chunk(Chunk(0, docs[:2])).figures
    again = [plain.run_chunk(Chunk(k, docs[k:k + 2])).figures for k in range(2, len(docs), 2)]
    assert rows == again
    assert len(strings) - before >= 22 * 40  # without zones they stay


def test_batch_workers_warm_each_pipeline_on_its_examples_without_changing_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch worker builds a pipeline and runs it over its language's worked examples (first-use
    costs go to start-up); the rows are those of a pipeline built cold."""
    from extractor import pipeline
    from extractor.worker import Chunk, WorkerConfig, WorkerState

    docs = _zone_docs(4)
    cold = WorkerState(WorkerConfig(doc_timeout=None)).run_chunk(Chunk(0, docs)).figures
    calls = []
    original = pipeline._warm
    monkeypatch.setattr(pipeline, "_warm", lambda nlp, code, dp: (calls.append(code), original(nlp, code, dp)))
    monkeypatch.setattr(pipeline, "_warm_on_build", True)
    pipeline._build.cache_clear()
    try:
        warm = WorkerState(WorkerConfig(doc_timeout=None)).run_chunk(Chunk(0, docs)).figures
    finally:
        pipeline._build.cache_clear()
    assert calls == ["en"]
    assert warm == cold


def test_a_dask_worker_reused_with_other_settings_closes_its_memory_zones_first() -> None:
    """spaCy's memory zones must not nest: a worker state replaced by one with other settings (a
    long-lived Dask cluster serving another run) closes the zones it holds open."""
    import threading

    from extractor import pipeline, worker
    from extractor.worker import Chunk, WorkerConfig

    docs = _zone_docs(4)
    seen = {}

    def run() -> None:  # not in the main thread: the worker initializer would ignore Ctrl-C there
        first = WorkerConfig(doc_timeout=None)
        worker.dask_process_chunk(Chunk(0, docs[:2]), first)
        worker.dask_process_chunk(Chunk(1, docs[2:]), first)  # a language is known: its zone is open
        seen["old"] = worker._STATE
        seen["open_before"] = worker._STATE._zone_stack is not None
        worker.dask_process_chunk(Chunk(2, docs[:2]), WorkerConfig(doc_timeout=None, zone_docs=7))
        seen["open_after"] = seen["old"]._zone_stack is not None

    thread = threading.Thread(target=run)
    try:
        thread.start()
        thread.join()
    finally:
        if worker._STATE is not None:
            worker._STATE.close_zones()
        worker._STATE = None
        pipeline.warm_on_build(False)
    assert seen == {"old": seen["old"], "open_before": True, "open_after": False}
