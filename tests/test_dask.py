"""--engine dask: the same CSV as the local process pool, on a LocalCluster the run starts itself
and on an existing cluster given by --scheduler or DASK_SCHEDULER_ADDRESS."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from batchhelpers import make_corpus, read_rows

from extractor import cli
from extractor.runner import BatchSettings, run_batch
from extractor.sources import iter_documents
from extractor.worker import TIMEOUT_REASON

distributed = pytest.importorskip("distributed")

N_DOCS = 40


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("dask") / "in", N_DOCS)


@pytest.fixture(scope="module")
def local_result(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local") / "figures.csv"
    assert cli.main(["run", str(corpus), "-o", str(out), "--workers", "2", "--chunk-size", "8", "--doc-timeout", "0", "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def cluster():  # noqa: ANN201
    """An existing cluster: two single-thread workers in this process."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        yield c


def _same_as_local(out: Path, local: Path) -> None:
    assert out.read_bytes() == local.read_bytes()
    assert read_rows(out.parent / "documents.csv", drop=("elapsed_ms",)) == read_rows(
        local.parent / "documents.csv", drop=("elapsed_ms",))


def test_dask_local_cluster_writes_the_same_csv(corpus: Path, local_result: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    out = tmp_path / "figures.csv"
    assert cli.main(["run", str(corpus), "-o", str(out), "--engine", "dask", "--workers", "2",
                     "--chunk-size", "8", "--doc-timeout", "0"]) == 0
    _same_as_local(out, local_result)
    assert "2 workers, dask engine" in capsys.readouterr().err


def test_existing_cluster_by_flag_and_by_environment(corpus: Path, local_result: Path, tmp_path: Path, cluster,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    by_flag = tmp_path / "flag" / "figures.csv"
    by_flag.parent.mkdir()
    assert cli.main(["run", str(corpus), "-o", str(by_flag), "--engine", "dask", "--scheduler",
                     cluster.scheduler_address, "--chunk-size", "8", "--doc-timeout", "0", "-q"]) == 0
    _same_as_local(by_flag, local_result)

    by_env = tmp_path / "env" / "figures.csv"
    by_env.parent.mkdir()
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster.scheduler_address)
    assert cli.main(["run", str(corpus), "-o", str(by_env), "--engine", "dask", "--chunk-size", "8", "--doc-timeout", "0", "-q"]) == 0
    _same_as_local(by_env, local_result)
    tasks = cluster.scheduler.task_prefixes  # the chunks really ran on this cluster
    assert "dask_process_chunk" in tasks


def test_time_limit_on_dask_workers(tmp_path: Path, cluster) -> None:  # noqa: ANN001
    corpus = make_corpus(tmp_path / "in", 8, markers={2: "SPIN"})
    settings = BatchSettings(output=tmp_path / "f.csv", manifest=tmp_path / "m.csv", engine="dask",
                             scheduler=cluster.scheduler_address, doc_timeout=8.0, chunk_size=4,
                             process="batchhelpers:process")
    outcome = run_batch(iter_documents([str(corpus)]), settings, [str(corpus)])
    rows = read_rows(tmp_path / "m.csv")
    assert [(r["status"], r["error"]) for r in rows][2] == ("error", TIMEOUT_REASON)
    assert outcome.n_documents == 8 and outcome.counts["error"] == 1


def test_chunks_go_to_the_least_loaded_worker(cluster, corpus: Path) -> None:  # noqa: ANN001
    """Each chunk's bytes are sent to the worker with the fewest documents in flight per thread (Dask's
    own round robin ignores load), and the count goes down when the chunk's result is read."""
    from extractor.runner import DaskEngine
    from extractor.worker import Chunk, WorkerConfig

    engine = DaskEngine(2, WorkerConfig(doc_timeout=None), cluster.scheduler_address)
    try:
        docs = list(iter_documents([str(corpus)]))
        futures = [engine.submit(Chunk(k, docs[a:b]), lambda f: None)
                   for k, (a, b) in enumerate([(0, 8), (8, 10), (10, 12), (12, 14)])]
        loads = sorted(engine._docs[a] for a in engine._threads)
        assert loads == [6, 8]  # 8 to one, then 2+2+2 to the other (2, 4, 6 < 8)
        for future in futures:
            engine.result(future)
        assert all(engine._docs[a] == 0 for a in engine._threads)
    finally:
        engine.close()


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here")
def test_local_cluster_workers_start_like_the_pools(monkeypatch: pytest.MonkeyPatch) -> None:
    """The LocalCluster's workers are forked from the pool's fork server (not started by this process,
    so they need not import everything again), run without Dask's MALLOC_TRIM_THRESHOLD_ (it made every page fault
    its memory in again) and build their state when the engine starts, as the pool's initializer
    does, not in their first chunk."""
    from extractor.runner import DaskEngine
    from extractor.worker import WorkerConfig

    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    config = WorkerConfig(doc_timeout=None, zone_docs=5)
    engine = DaskEngine(2, config, None)
    try:
        parents = engine.client.run(lambda: __import__("os").getppid())
        engine.client.gather(engine._warming)
        seen = engine.client.run(lambda: (__import__("os").environ.get("MALLOC_TRIM_THRESHOLD_"),
                                          __import__("extractor.worker").worker._STATE.config))
    finally:
        engine.close()
    assert os.getpid() not in parents.values()
    assert list(seen.values()) == [(None, config), (None, config)]
