"""The benchmark: per-document cost against trafilatura alone, start-up, 1 vs 2 workers, Dask
against the process pool, peak memory over a long run. Writes ``bench/RESULTS.json`` and
``bench/RESULTS.md``; corpora and run outputs go to ``bench/out/``.

    python bench/run.py                       # everything (generates the corpora first)
    python bench/run.py --phases speed        # one phase; results of other phases are kept
    python bench/run.py --smoke --results-json /tmp/r.json --results-md /tmp/r.md   # tiny sizes

Only public tools: ``extractor run`` as a subprocess, its ``run.json`` and manifest, the stdlib
(``time``, ``os.times``/``resource``, ``/proc/<pid>/status`` for memory) and trafilatura's public
``bare_extraction``. CPU times are reported beside wall times: on a shared machine only the
former are stable.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PHASES = ("profile", "startup", "speed", "rss")

_BASELINE = textwrap.dedent("""
    import json, sys, time
    from warcio.archiveiterator import ArchiveIterator
    t0 = time.perf_counter()
    import trafilatura
    import_s = time.perf_counter() - t0
    pages = []
    with open(sys.argv[1], "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                pages.append(record.content_stream().read())
    trafilatura.bare_extraction(pages[0].decode("utf-8"), with_metadata=True)  # warm
    wall = cpu = 0.0
    for page in pages:
        w, c = time.perf_counter(), time.process_time()
        trafilatura.bare_extraction(page.decode("utf-8"), with_metadata=True)
        wall += time.perf_counter() - w
        cpu += time.process_time() - c
    print(json.dumps({"n": len(pages), "wall_ms": 1000 * wall / len(pages), "cpu_ms": 1000 * cpu / len(pages),
                      "import_s": import_s}))
""")

_PROFILE = textwrap.dedent("""
    import json, sys, time
    from extractor.sources import iter_documents
    from extractor.extract import to_article
    from extractor import langid
    from extractor.analysis import analyse
    from extractor.pipeline import get_pipeline
    import trafilatura
    limit = int(sys.argv[2])
    docs = []
    for d in iter_documents([sys.argv[1]]):
        docs.append(d)
        if len(docs) == limit:
            break
    # warm: every pipeline, dateparser, caches
    for d in docs[:20]:
        a = to_article(d); dec = langid.identify(a.text)
        if dec.ok:
            analyse(a, dec.code)
    cpu = {"trafilatura_alone": 0.0, "to_article": 0.0, "langid": 0.0, "analyse": 0.0}
    n = n_analysed = chars = 0
    for d in docs:  # a pass of its own: trafilatura's caches are not warmed for our stages by it
        c = time.process_time(); trafilatura.bare_extraction(d.content.decode("utf-8"), with_metadata=True)
        cpu["trafilatura_alone"] += time.process_time() - c
    for d in docs:
        c = time.process_time(); a = to_article(d); cpu["to_article"] += time.process_time() - c
        c = time.process_time(); dec = langid.identify(a.text); cpu["langid"] += time.process_time() - c
        n += 1
        if dec.ok:
            chars += len(a.text)
            c = time.process_time(); analyse(a, dec.code); cpu["analyse"] += time.process_time() - c
            n_analysed += 1
    out = {k: 1000 * v / n for k, v in cpu.items()}
    out["analyse_per_analysed_doc"] = 1000 * cpu["analyse"] / max(1, n_analysed)
    out.update(n=n, n_analysed=n_analysed, text_chars_per_analysed_doc=chars // max(1, n_analysed))
    print(json.dumps(out))
""")


def _load(path: Path) -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return -1.0


def _python() -> str:
    return sys.executable


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def _script(code: str, *args: str) -> dict:
    proc = subprocess.run([_python(), "-c", code, *args], cwd=ROOT, env=_env(), capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _maxrss_children_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def extractor_run(inputs: list[Path], out_dir: Path, *args: str) -> dict:
    """Run ``extractor run`` once; wall time from launch to exit, its run.json and manifest stats."""
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [_python(), "-m", "extractor", "run", *map(str, inputs), "-o", str(out_dir / "figures.csv"),
               "--manifest", str(out_dir / "documents.csv"), "-q", *args]
    load_before = _load(out_dir)
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, env=_env(), capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({proc.returncode}): {proc.stderr}")
    info = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
    with (out_dir / "documents.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    n = len(rows)
    first = info["timings"]["first_result_s"] or 0.0
    # start-up is excluded: the run before the first result, and building each language's pipeline in
    # each worker (run.json: pipelines_cpu_s; the workers build theirs side by side)
    pipelines_s = info["timings"].get("pipelines_cpu_s") or 0.0
    # (the wall clock between the first and the last result holds only the builds after the first result)
    window_pipelines_s = info["timings"].get("pipelines_cpu_s_after_first_result")
    window_pipelines_s = pipelines_s if window_pipelines_s is None else window_pipelines_s
    # and shutting the engine down (a Dask LocalCluster takes a second or more): up to the last result
    last = info["timings"].get("last_result_s") or info["timings"]["total_s"]
    steady = (last - first - window_pipelines_s / max(1, info["workers"])) / max(1, n - 2)
    workers_cpu = info["timings"].get("workers_cpu_s")
    # the main process's CPU between the first and the last result (its start-up -- interpreter, imports,
    # starting the pool -- and the engine's shutdown excluded, as for the wall clock)
    cpu_first = info["timings"].get("main_process_cpu_at_first_result_s")
    cpu_last = info["timings"].get("main_process_cpu_at_last_result_s")
    main_cpu_s = (cpu_last - cpu_first if cpu_first is not None and cpu_last is not None
                  else info["timings"]["main_process_cpu_s"])
    return {
        "args": list(args), "documents": n, "wall_s": round(wall, 3), "total_s": info["timings"]["total_s"],
        "first_result_s": first, "steady_ms_per_doc": round(1000 * steady, 2),
        "docs_per_s_steady": round(1 / steady, 2) if steady > 0 else None,
        "mean_elapsed_ms_in_worker": round(sum(int(r["elapsed_ms"]) for r in rows) / max(1, n), 1),
        "counts": info["counts"], "figures": info["figures"], "peak_rss_mb": info.get("peak_rss_mb"),
        # CPU time is what contention on a shared machine does not distort
        "main_cpu_ms_per_doc": round(1000 * main_cpu_s / max(1, n - 2), 2),
        "workers_cpu_ms_per_doc": (round(1000 * (workers_cpu - pipelines_s) / max(1, n), 2)
                                   if workers_cpu is not None else None),
        "pipelines_cpu_s": pipelines_s, "pipelines": info.get("pipelines", {}),
        "load_before": round(load_before, 2), "load_after": round(_load(out_dir), 2),
    }


def corpus(out: Path, n: int) -> Path:
    path = out / f"pages-{n}.warc.gz"
    if not path.exists():
        subprocess.run([_python(), str(BENCH / "generate.py"), "--docs", str(n), "--out", str(path)], check=True)
    return path


def phase_profile(out: Path, small: int) -> dict:
    return _script(_PROFILE, str(corpus(out, small)), str(min(small, 150)))


def phase_startup(out: Path, small: int) -> dict:
    """Wall time of a whole ``extractor run`` of one page (launch to exit, in-process path), and
    of an empty Python start for comparison."""
    one = out / "one-page"
    if not one.exists():
        subprocess.run([_python(), str(BENCH / "generate.py"), "--docs", "1", "--out", str(one)], check=True)
    t = time.perf_counter()
    subprocess.run([_python(), "-c", "pass"], check=True)
    python_s = time.perf_counter() - t
    runs = [extractor_run([one], out / "runs" / f"startup-{i}") for i in range(3)]
    return {"python_start_s": round(python_s, 3), "one_page_wall_s": sorted(r["wall_s"] for r in runs)[1],
            "one_page_runs": [r["wall_s"] for r in runs],
            "one_page_cpu_s": sorted(r["main_cpu_ms_per_doc"] / 1000 for r in runs)[1]}


def _round_ratios(r: dict, workers: int) -> dict:
    """The four comparisons of one round (trafilatura alone, 1 worker, N workers, Dask)."""
    base, w1, wn, dask = r["baseline"], r["workers_1"], r.get(f"workers_{workers}"), r.get("dask")
    cpu_w1 = (w1.get("workers_cpu_ms_per_doc") or 0) + (w1.get("main_cpu_ms_per_doc") or 0)
    out = {"cpu_ratio": cpu_w1 / base["cpu_ms"], "wall_ratio": w1["steady_ms_per_doc"] / base["wall_ms"]}
    if wn:
        out["speedup"] = wn["docs_per_s_steady"] / w1["docs_per_s_steady"]
        if dask:
            out["dask_vs_pool"] = dask["docs_per_s_steady"] / wn["docs_per_s_steady"]
    return {k: round(v, 3) for k, v in out.items()}


def phase_speed(out: Path, small: int, workers: int, dask: bool, repeat: int) -> dict:
    """``repeat`` rounds of: trafilatura alone, then ``extractor run`` with 1 worker, N workers, Dask.
    On a shared machine one round can land in a slow minute: each comparison is made within a round
    and the median over the rounds is what counts; the table shows the round whose 1-worker CPU
    ratio is the median."""
    pages = corpus(out, small)
    rounds = []
    for k in range(repeat):
        r = {"baseline": _script(_BASELINE, str(pages))}
        r["workers_1"] = extractor_run([pages], out / "runs" / f"w1-{k}", "--workers", "1")
        r[f"workers_{workers}"] = extractor_run([pages], out / "runs" / f"w{workers}-{k}", "--workers", str(workers))
        if dask:
            r["dask"] = extractor_run([pages], out / "runs" / f"dask-{k}", "--engine", "dask", "--workers", str(workers))
        r["ratios"] = _round_ratios(r, workers)
        rounds.append(r)
    middle = sorted(rounds, key=lambda r: r["ratios"]["cpu_ratio"])[len(rounds) // 2]
    ratios = [r["ratios"] for r in rounds]
    return {"documents": small, **{k: v for k, v in middle.items() if k != "ratios"}, "medians": _medians(ratios),
            "rounds": ratios}


def _medians(rounds: list[dict]) -> dict:
    keys = sorted({key for r in rounds for key in r})
    return {key: round(statistics.median(r[key] for r in rounds if key in r), 3) for key in keys}


def pooled(previous: dict | None, new: dict) -> dict:
    """``new`` speed results with the rounds of ``previous`` (same corpus size) added: the medians are
    taken over all of them (``--append``: more rounds when the machine is noisy, none left out)."""
    if previous and previous.get("documents") == new["documents"] and previous.get("rounds"):
        rounds = previous["rounds"] + new["rounds"]
        return {**new, "rounds": rounds, "medians": _medians(rounds)}
    return new


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _descendants(pid: int) -> list[int]:
    tree, out, todo = _children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _memory_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of a process from /proc (Linux)."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    except OSError:
        pass
    return values


def _lines(path: Path) -> int:
    try:
        with path.open("rb") as fh:
            return max(0, sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")) - 1)
    except OSError:
        return 0


def phase_rss(out: Path, sizes: list[int], workers: int, budget_s: float) -> dict:
    """One run over the largest archive, sampled every few seconds: documents committed (manifest
    lines in the run directory), and the peak resident memory (VmHWM) of the main process and of
    the largest worker so far. The peaks when the run had done each of ``sizes`` documents are
    the peak RSS of a run of that size. A run over the time budget is stopped (SIGTERM, it can
    be resumed) and the sizes it reached are reported."""
    n = max(sizes)
    pages = corpus(out, n)
    run_dir = out / "runs" / f"rss-{n}"
    run_dir.mkdir(parents=True, exist_ok=True)
    manifest_part = run_dir / ".figures.csv.run" / "manifest.part"
    command = [_python(), "-m", "extractor", "run", str(pages), "-o", str(run_dir / "figures.csv"), "--manifest",
               str(run_dir / "documents.csv"), "-q", "--workers", str(workers)]
    start = time.perf_counter()
    load_before = _load(run_dir)
    proc = subprocess.Popen(command, cwd=ROOT, env=_env(), stderr=subprocess.PIPE)
    samples = []
    stopped = False
    while proc.poll() is None:
        time.sleep(3)
        main = _memory_kb(proc.pid)
        others = [_memory_kb(p) for p in _descendants(proc.pid)]
        done = _lines(manifest_part)
        if not main:
            break  # the run has ended
        samples.append({"t": round(time.perf_counter() - start, 1), "documents": done,
                        "main_hwm_mb": round(main.get("VmHWM", 0) / 1024, 1),
                        "main_rss_mb": round(main.get("VmRSS", 0) / 1024, 1),
                        "worker_hwm_mb": round(max((o.get("VmHWM", 0) for o in others), default=0) / 1024, 1),
                        "worker_rss_mb": round(max((o.get("VmRSS", 0) for o in others), default=0) / 1024, 1)})
        if time.perf_counter() - start > budget_s and not stopped:
            proc.terminate()
            stopped = True
    proc.wait()
    if not stopped and (run_dir / "run.json").exists():  # the exact peaks of the finished run
        info = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
        peak = info.get("peak_rss_mb") or {}
        samples.append({"t": round(time.perf_counter() - start, 1), "documents": info["documents"],
                        "main_hwm_mb": peak.get("main_process"), "main_rss_mb": None,
                        "worker_hwm_mb": peak.get("largest_worker"), "worker_rss_mb": None})
    at = {}
    for size in sizes:
        reached = [x for x in samples if x["documents"] >= size]
        if reached:
            at[str(size)] = reached[0]
    last = samples[-1] if samples else {}
    return {"workers": workers, "archive_documents": n, "stopped_at_budget": stopped, "budget_s": budget_s,
            "documents_done": last.get("documents", 0), "wall_s": round(time.perf_counter() - start, 1),
            "at_size": at, "final": last, "load_before": round(load_before, 2),
            "load_after": round(_load(run_dir), 2), "samples": samples[::10] + samples[-1:]}


# ---------------------------------------------------------------- report


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a and b else "n/a"


def render(results: dict) -> str:
    lines = ["# Benchmark results", "",
             "Produced by `python bench/run.py` (corpus: `bench/generate.py`, news pages of 50–150 KB with "
             "menus, scripts, related links, comments and footers around an article from the languages "
             "of `corpora/`). Raw numbers: "
             "`bench/RESULTS.json`.", ""]
    meta = results.get("meta", {})
    when = "; ".join(f"{phase} at {results[phase]['measured_at']}" for phase in PHASES
                     if isinstance(results.get(phase), dict) and results[phase].get("measured_at"))
    lines += [f"Machine: {meta.get('cpus')} cores, {meta.get('platform')}, Python {meta.get('python')}; "
              f"measured: {when or 'commit ' + str(meta.get('commit'))}. Load average (1 min) while "
              f"measuring: see each row — the machine was shared with other jobs, so wall-clock numbers "
              f"are pessimistic and the CPU-time numbers are the reliable ones.", ""]
    prof = results.get("profile")
    if prof:
        lines += ["## Where a document's time goes (CPU ms per page, one process, warm)", "",
                  "| stage | ms/page |", "|---|---|"]
        for key in ("trafilatura_alone", "to_article", "langid", "analyse"):
            lines.append(f"| {key} | {prof[key]:.1f} |")
        lines += ["", f"`to_article` = decode + our HTML cleaning + trafilatura; `analyse` = the spaCy "
                  f"pipeline + periods, per page on average ({prof['analyse_per_analysed_doc']:.1f} ms per "
                  f"analysed page, {prof['text_chars_per_analysed_doc']} characters of text; "
                  f"{prof['n_analysed']} of {prof['n']} pages analysed).", ""]
    speed = results.get("speed")
    if speed:
        base = speed["baseline"]
        w1 = speed["workers_1"]
        wn_key = next((k for k in speed if k.startswith("workers_") and k != "workers_1"), None)
        wn = speed.get(wn_key) if wn_key else None
        lines += [f"## Throughput on {speed['documents']} pages", "",
                  "| run | wall s | first result s | pipelines start-up CPU s | steady wall ms/page | "
                  "CPU ms/page in workers | CPU ms/page main process | load before→after |",
                  "|---|---|---|---|---|---|---|---|"]
        for key in ("workers_1", wn_key, "dask"):
            run = speed.get(key) if key else None
            if run:
                lines.append(f"| `extractor run {' '.join(run['args'])}` | {run['wall_s']:.1f} | "
                             f"{run['first_result_s']:.2f} | {run.get('pipelines_cpu_s', 0):.1f} | "
                             f"{run['steady_ms_per_doc']:.1f} | "
                             f"{run.get('workers_cpu_ms_per_doc')} | {run.get('main_cpu_ms_per_doc')} | "
                             f"{run['load_before']}→{run['load_after']} |")
        lines += [f"| trafilatura.bare_extraction alone (1 process, warm) | | | | {base['wall_ms']:.1f} | "
                  f"{base['cpu_ms']:.1f} | | |", "",
                  "Start-up is excluded from the per-page columns and shown on its own: the time to the first "
                  "result, the CPU time each worker spends building the pipeline of each language it meets "
                  "(once per worker and language; this corpus mixes all languages) and the engine's shutdown. "
                  "Steady wall = (last result − first result − pipelines built after the first result / workers) "
                  "/ pages. CPU in "
                  "workers = CPU of the chunks minus the pipeline builds; CPU of the main process = its CPU between "
                  "the first and the last result (run.json), so its own start-up (interpreter, imports, starting "
                  "the pool: ~0.3 s) is excluded too.", ""]
        pipes = w1.get("pipelines") or {}
        if pipes:
            lines += ["Pipeline start-up per language (CPU s, one build, from the 1-worker run's `run.json`): "
                      + ", ".join(f"{code} {p['cpu_s_each']:.2f}" for code, p in sorted(pipes.items())) + ".", ""]
        med, rounds = speed["medians"], speed["rounds"]
        lines += [f"Ratios of each round ({len(rounds)}, the median counts; the table shows the last run's middle "
                  "round): " + "; ".join(
                  f"CPU {r['cpu_ratio']:.2f}×, wall {r['wall_ratio']:.2f}×"
                  + (f", {wn_key.split('_')[1]} workers {r['speedup']:.2f}×" if "speedup" in r else "")
                  + (f", Dask/pool {r['dask_vs_pool']:.2f}×" if "dask_vs_pool" in r else "") for r in rounds) + ".", ""]
        lines += ["| target | measured (median of the rounds) | met |", "|---|---|---|"]
        lines.append(f"| extractor run ≤ 1.3× trafilatura alone, per page (1 worker, start-up excluded) | "
                     f"CPU {med['cpu_ratio']:.2f}×; wall {med['wall_ratio']:.2f}× "
                     f"| {'yes' if med['cpu_ratio'] <= 1.3 and med['wall_ratio'] <= 1.3 else 'no'} |")
        if "speedup" in med:
            lines.append(f"| {wn_key.split('_')[1]} workers ≥ 1.8× 1 worker (steady state, wall clock) | "
                         f"{med['speedup']:.2f}× (whole run, table round: {w1['wall_s'] / wn['wall_s']:.2f}×) | "
                         f"{'yes' if med['speedup'] >= 1.8 else 'no'} |")
        if "dask_vs_pool" in med:
            dask = speed["dask"]
            lines.append(f"| Dask local ≥ 0.9× process pool (steady state, wall clock) | {med['dask_vs_pool']:.2f}× "
                         f"(whole run, table round: {wn['wall_s'] / dask['wall_s']:.2f}×) | "
                         f"{'yes' if med['dask_vs_pool'] >= 0.9 else 'no'} |")
        start = results.get("startup")
        if start:
            cpu = start.get("one_page_cpu_s")
            lines.append(f"| ≤ 2.5 s to the first row (whole `extractor run` of one page, launch to exit) | "
                         f"wall {start['one_page_wall_s']:.2f} s" + (f", CPU {cpu:.2f} s" if cpu else "") +
                         f" | {'yes' if start['one_page_wall_s'] <= 2.5 else 'no'} |")
        lines.append("")
    rss = results.get("rss")
    if rss:
        lines += ["## Peak memory", "",
                  f"One run over an archive of {rss['archive_documents']} pages with {rss['workers']} workers, "
                  f"sampled every 3 s (VmHWM = peak resident memory so far). Wall {rss['wall_s']:.0f} s, "
                  f"{rss['documents_done']} pages committed, load {rss['load_before']}→{rss['load_after']}"
                  + (f"; stopped after {rss['wall_s']:.0f} s, before the end of the archive"
                     if rss["stopped_at_budget"] else "")
                  + ".", "",
                  "| pages done | main process peak MB | largest worker peak MB | largest worker now MB |",
                  "|---|---|---|---|"]
        for size, x in rss["at_size"].items():
            lines.append(f"| {size} | {x['main_hwm_mb']} | {x['worker_hwm_mb']} | {x['worker_rss_mb']} |")
        final = rss["final"]
        if final:
            lines.append(f"| {final['documents']} (end) | {final['main_hwm_mb']} | {final['worker_hwm_mb']} | "
                         f"{final['worker_rss_mb']} |")
        sizes = sorted(rss["at_size"], key=int)
        if sizes and final:
            first = rss["at_size"][sizes[0]]
            for key, label in (("main_hwm_mb", "main process"), ("worker_hwm_mb", "largest worker")):
                if first[key]:
                    growth = 100 * (final[key] - first[key]) / first[key]
                    lines.append(f"\n{label}: peak {growth:+.1f}% from {sizes[0]} to {final['documents']} pages "
                                 f"(target: under 10%).")
        lines.append("")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phases", default=",".join(PHASES))
    # 1,000: building six languages' pipelines takes ~9 s of CPU in 2 workers, which on 300 pages was more
    # than half of the window the steady state is measured in (and subtracted from it)
    parser.add_argument("--small", type=int, default=1000, help="pages for the speed runs")
    parser.add_argument("--sizes", default="2000,20000", help="pages for the peak-memory runs")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the speed runs (the median counts)")
    parser.add_argument("--append", action="store_true",
                        help="add the speed rounds to those in RESULTS.json (same page count): medians over all")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--rss-budget", type=float, default=4 * 3600, metavar="S",
                        help="stop the peak-memory run after S seconds and report the sizes it reached")
    parser.add_argument("--out", default=str(BENCH / "out"))
    parser.add_argument("--results-md", default=str(BENCH / "RESULTS.md"))
    parser.add_argument("--results-json", default=str(BENCH / "RESULTS.json"))
    parser.add_argument("--smoke", action="store_true", help="tiny sizes (CI): --small 12 --sizes 8,16")
    args = parser.parse_args()
    if args.smoke:
        args.small, args.sizes, args.repeat = 12, "8,16", 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results_path = Path(args.results_json)
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    phases = [p for p in args.phases.split(",") if p]
    for phase in phases:
        print(f"bench: {phase} ...", file=sys.stderr, flush=True)
        before = (results.get(phase) or {}).get("measured_at", "")
        started = time.perf_counter()
        if phase == "profile":
            results["profile"] = phase_profile(out, args.small)
        elif phase == "startup":
            results["startup"] = phase_startup(out, args.small)
        elif phase == "speed":
            speed = phase_speed(out, args.small, args.workers, not args.no_dask, args.repeat)
            results["speed"] = pooled(results.get("speed") if args.append else None, speed)
        elif phase == "rss":
            results["rss"] = phase_rss(out, [int(s) for s in args.sizes.split(",")], args.workers, args.rss_budget)
        else:
            parser.error(f"unknown phase {phase}")
        print(f"bench: {phase} done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        previous = before if phase == "speed" and args.append else ""
        here = f"{commit.stdout.strip() or 'unknown'} ({datetime.now(timezone.utc).isoformat(timespec='minutes')})"
        results[phase]["measured_at"] = f"{previous} + {here}" if previous else here
        results["meta"] = {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                           "commit": commit.stdout.strip() or "unknown",
                           "finished": datetime.now(timezone.utc).isoformat(timespec="minutes")}
        results_path.write_text(json.dumps(results, indent=2) + "\n")
        Path(args.results_md).write_text(render(results), encoding="utf-8")
    print(Path(args.results_md).read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
