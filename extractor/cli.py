"""Command line: ``extractor run | evaluate | languages``.

Exit codes: 0 the run completed (even with failed documents, each a manifest row);
1 the run cannot proceed (output not writable, no readable input); 2 usage error.
Errors are one sentence on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import NoReturn

from extractor import __version__, scoreboard
from extractor.extract import DEFAULT_MAX_BYTES
from extractor.fetch import FetchOptions, Fetcher, is_url, read_url_list
from extractor.journal import ResumeError, run_dir_for
from extractor.langid import DEFAULT_THRESHOLD
from extractor.output import FORMATS, ManifestWriter, open_figure_writer
from extractor.process import RunOptions, one_line, process_document
from extractor.report import Progress, RunReport, run_json_path, write_run_json
from extractor.resources import language_codes, read_json
from extractor.runner import DEFAULT_CHUNK_SIZE, ENGINES, BatchError, BatchSettings, default_workers, run_batch
from extractor.sources import input_handler_for, iter_documents, matching_suffix, supported_suffixes
from extractor.types import RawDocument
from extractor.worker import WorkerConfig, WorkerState, pipeline_loads

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
RESET_CACHES_EVERY = 1000  # documents
#: a run of at most this many documents is processed in this process (starting a pool would
#: cost more than it saves); larger runs, --resume and --engine dask use the batch runner
INLINE_MAX_DOCUMENTS = 32
DEFAULT_DOC_TIMEOUT = 120.0  # seconds per document


class UsageError(Exception):
    """A usage problem found after parsing (missing path, unknown --lang ...)."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one sentence and exit code 2."""

    def error(self, message: str) -> NoReturn:
        message = message.rstrip(".")
        self.exit(EXIT_USAGE, f"extractor: error: {message} (see '{self.prog} --help').\n")


def _positive(what: str) -> Callable[[str], int]:
    """An argparse type: a positive whole number (``what`` names its unit in the error)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value <= 0:
            raise argparse.ArgumentTypeError(f"expected a positive whole number{what}, got {text!r}")
        return value
    return parse


_positive_int = _positive(" of bytes")
_count = _positive("")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0.0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds (0 or more), got {text!r}")
    return value


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="extractor", description="Extract party-membership figures from news articles.")
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    run = sub.add_parser("run", help="extract figures from files and directories")
    run.add_argument("inputs", nargs="*", metavar="INPUT",
                     help="file (.html .htm .txt .warc .warc.gz .jsonl), directory (recursive) or http(s):// URL")
    run.add_argument("-o", "--output", default="figures.csv", help="figures file (default: figures.csv)")
    run.add_argument("--format", choices=FORMATS, default="csv", help="figures file format (default: csv)")
    run.add_argument("--manifest", help="per-document manifest CSV (default: documents.csv beside the output)")
    run.add_argument("--lang", metavar="CODE", help="force this language (skip detection)")
    run.add_argument("--max-bytes", type=_positive_int, default=DEFAULT_MAX_BYTES, metavar="N",
                     help=f"skip documents larger than N bytes (default: {DEFAULT_MAX_BYTES})")
    run.add_argument("--lang-threshold", type=_probability, default=DEFAULT_THRESHOLD, metavar="P",
                     help=f"skip documents whose language probability is below P (default: {DEFAULT_THRESHOLD})")
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary line")
    batch = run.add_argument_group("batches")
    batch.add_argument("--workers", type=_count, default=None, metavar="N",
                       help=f"worker processes (default: the number of cores, here {default_workers()})")
    batch.add_argument("--engine", choices=ENGINES, default="local",
                       help="local process pool, or a Dask cluster (default: local)")
    batch.add_argument("--scheduler", metavar="ADDRESS",
                       help="Dask scheduler address (default: $DASK_SCHEDULER_ADDRESS, else a local cluster)")
    batch.add_argument("--resume", action="store_true",
                       help="continue an interrupted run with the same arguments where it stopped")
    batch.add_argument("--doc-timeout", type=_seconds, default=DEFAULT_DOC_TIMEOUT, metavar="S",
                       help="time limit per document; a document over it becomes an error row 'timeout' "
                            f"(default: {DEFAULT_DOC_TIMEOUT:g}; 0: no limit)")
    batch.add_argument("--chunk-size", type=_count, default=DEFAULT_CHUNK_SIZE, metavar="N",
                       help=f"documents per chunk, the unit of work and of --resume (default: {DEFAULT_CHUNK_SIZE})")
    web = run.add_argument_group("fetching URLs")
    web.add_argument("--urls", metavar="FILE", help="also fetch the URLs in FILE (one per line, # comments)")
    web.add_argument("--timeout", type=_seconds, default=30.0, metavar="S",
                     help="connect and read timeout per HTTP request (default: 30; the per-document "
                          "processing limit is --doc-timeout)")
    web.add_argument("--delay", type=_seconds, default=1.0, metavar="S",
                     help="pause between requests to the same host; retries back off from it (default: 1)")
    web.add_argument("--ignore-robots", action="store_true", help="do not obey robots.txt")
    web.add_argument("--cache", metavar="DIR",
                     help="keep fetched pages in DIR and read them from there on re-runs (DIR is also a valid INPUT)")
    web.add_argument("--allow-private-addresses", action="store_true",
                     help="allow fetching from loopback, private and link-local addresses")
    run.set_defaults(handler=cmd_run)

    ev = sub.add_parser("evaluate", help="score a figures CSV against gold")
    ev.add_argument("pred", metavar="PRED.csv")
    ev.add_argument("--gold", required=True, metavar="GOLD", help="gold CSV, or a directory of gold.csv files")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.set_defaults(handler=cmd_evaluate)

    langs = sub.add_parser("languages", help="list the supported languages")
    langs.set_defaults(handler=cmd_languages)
    return parser


# ---------------------------------------------------------------- run


def _check_inputs(inputs: Sequence[str]) -> None:
    for value in inputs:
        if input_handler_for(value) is not None or is_url(value):
            continue
        if "://" in value:
            raise UsageError(f"URL inputs are not supported: {value}")
        path = Path(value)
        if not path.exists():
            raise UsageError(f"input not found: {value}")
        if not path.is_dir() and matching_suffix(path.name) is None:
            raise UsageError(f"unsupported input file type: {value} (expected {' '.join(supported_suffixes())})")


def _run_options(args: argparse.Namespace) -> RunOptions:
    if args.lang is not None and args.lang not in language_codes():
        raise UsageError(f"unknown language '{args.lang}' for --lang (supported: {', '.join(language_codes())})")
    return RunOptions(lang=args.lang, max_bytes=args.max_bytes, lang_threshold=args.lang_threshold)


def _urls(args: argparse.Namespace) -> list[str]:
    urls = [v for v in args.inputs if is_url(v) and input_handler_for(v) is None]
    if args.urls is not None:
        try:
            urls += read_url_list(args.urls)
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read the URL list {args.urls}: {getattr(exc, 'strerror', None) or exc}") from None
    if not args.inputs and args.urls is None:
        raise UsageError("the following arguments are required: INPUT (or --urls FILE)")
    return urls


def _documents(args: argparse.Namespace, options: RunOptions, urls: list[str]) -> Iterator[RawDocument]:
    """Files and directories first, then the URLs (fetched with per-host politeness, hosts in parallel)."""
    paths = [v for v in args.inputs if not (is_url(v) and input_handler_for(v) is None)]
    yield from iter_documents(paths, max_bytes=options.max_bytes)
    if urls:
        fetch_options = FetchOptions(
            timeout=args.timeout, delay=args.delay, backoff=max(args.delay, 0.1),
            max_bytes=options.max_bytes or FetchOptions.max_bytes, respect_robots=not args.ignore_robots,
            allow_private=args.allow_private_addresses, cache_dir=args.cache,
        )  # fmt: skip
        yield from Fetcher(fetch_options).fetch_all(urls)


def _output_paths(args: argparse.Namespace) -> tuple[Path, Path]:
    output = Path(args.output)
    manifest = Path(args.manifest) if args.manifest else output.with_name("documents.csv")
    if output.resolve() == manifest.resolve():
        raise UsageError(f"the figures file and the manifest must be different files ({output})")
    return output, manifest


def _use_batch(args: argparse.Namespace) -> bool:
    return args.engine == "dask" or args.resume


def cmd_run(args: argparse.Namespace) -> int:
    _check_inputs(args.inputs)
    urls = _urls(args)
    options = _run_options(args)
    output, manifest_path = _output_paths(args)
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    workers = args.workers or default_workers()
    problem = _unwritable(output, manifest_path)
    if problem:
        return _fail(problem)
    started = datetime.now(timezone.utc)
    start = time.perf_counter()
    previous_sigterm = _sigterm_as_interrupt()
    try:
        documents = _documents(args, options, urls)
        head = [] if _use_batch(args) else list(itertools.islice(documents, INLINE_MAX_DOCUMENTS + 1))
        if _use_batch(args) or len(head) > INLINE_MAX_DOCUMENTS:
            report = _run_batch(args, itertools.chain(head, documents), options, output, manifest_path, workers)
        else:
            report = _run_inline(args, head, options, output, manifest_path, start)
    except _NothingToDo as exc:
        return _fail(str(exc))
    except _CannotWrite as exc:
        return _fail(str(exc))
    except _Interrupted as exc:
        print(exc, file=sys.stderr)
        return 130
    finally:
        if previous_sigterm is not None:
            signal.signal(signal.SIGTERM, previous_sigterm)
    report.started = started
    report.seconds = time.perf_counter() - start
    report.arguments = _arguments(args, workers)
    try:
        write_run_json(report, run_json_path(output))
    except OSError as exc:
        print(f"extractor: warning: cannot write {run_json_path(output)}: {exc.strerror or exc}.", file=sys.stderr)
    if not args.quiet:
        print(report.summary(), file=sys.stderr)
    if report.n_documents - report.n_unreadable == 0:
        return _fail(f"no input document could be read (see {manifest_path})")
    return EXIT_OK


def _unwritable(output: Path, manifest: Path) -> str:
    """Why the output or the manifest cannot be written (checked before any document is read)."""
    for label, path in (("output", output), ("manifest", manifest)):
        if path.is_dir():
            return f"cannot write the {label} file {path}: it is a directory"
        if not path.parent.is_dir():
            return f"cannot write the {label} file {path}: No such file or directory"
        if not os.access(path.parent, os.W_OK | os.X_OK):
            return f"cannot write the {label} file {path}: Permission denied"
    return ""


def _arguments(args: argparse.Namespace, workers: int) -> dict[str, object]:
    values = {k: v for k, v in vars(args).items() if k not in ("handler", "command")}
    values["workers"] = workers
    return values


class _CannotWrite(Exception):
    pass


class _Interrupted(Exception):
    """Ctrl-C or SIGTERM during a batch: the run directory is kept for --resume."""


def _run_inline(args: argparse.Namespace, documents: list[RawDocument], options: RunOptions, output: Path,
                manifest_path: Path, start: float) -> RunReport:
    """A small run, in this process, rows streamed into the (temporary) output files."""
    if not documents:
        raise _NothingToDo(f"no input documents found ({' '.join(supported_suffixes())})")
    try:
        figures_out = open_figure_writer(output, args.format)
    except OSError as exc:
        raise _CannotWrite(f"cannot write the output file {output}: {exc.strerror or exc}") from None
    try:
        manifest_out = ManifestWriter(manifest_path)
    except OSError as exc:
        figures_out.abort()
        raise _CannotWrite(f"cannot write the manifest file {manifest_path}: {exc.strerror or exc}") from None
    # process_document is looked up at call time (tests replace it)
    state = WorkerState(WorkerConfig(options=options, fmt=args.format, doc_timeout=args.doc_timeout or None,
                                     reset_every=RESET_CACHES_EVERY),
                        process_fn=lambda raw, opts: process_document(raw, opts))
    report = _new_report(args, output, manifest_path, "inline", 1)
    progress = Progress(args.quiet)
    n_unreadable = 0
    try:
        for raw in documents:
            result = state.process_one(raw, "")
            figures_out.write(result)
            manifest_out.write(result)
            n_unreadable += bool(raw.error)
            report.counts[result.status] += 1
            report.n_figures += len(result.figures)
            report.last_result_s = time.perf_counter() - start
            if report.first_result_s is None:
                report.first_result_s = report.last_result_s
            progress.add({result.status: 1}, 1)
        figures_out.commit()
        manifest_out.commit()
        report.pipelines_cpu_s = {code: [seconds] for code, seconds in pipeline_loads().items()}
    except BaseException:
        figures_out.abort()
        manifest_out.abort()
        raise
    finally:
        progress.close()
        if state.watchdog is not None:
            state.watchdog.stop()
    report.n_documents = sum(report.counts.values())
    report.n_unreadable = n_unreadable
    return report


def _run_batch(args: argparse.Namespace, documents: Iterator[RawDocument], options: RunOptions, output: Path,
               manifest_path: Path, workers: int) -> RunReport:
    """A large run (or --resume, or Dask): chunks on a pool, journaled, merged in input order."""
    settings = BatchSettings(output=output, manifest=manifest_path, fmt=args.format, options=options,
                             workers=workers, engine=args.engine, scheduler=args.scheduler,
                             doc_timeout=args.doc_timeout or None, resume=args.resume, chunk_size=args.chunk_size)
    inputs = list(args.inputs) + ([f"--urls={os.path.abspath(args.urls)}"] if args.urls else [])
    progress = Progress(args.quiet)
    readable = Counter()

    def counted(docs: Iterator[RawDocument]) -> Iterator[RawDocument]:
        for raw in docs:
            readable[not raw.error] += 1
            yield raw

    def note(text: str) -> None:
        if not args.quiet:
            progress.write(f"extractor: {text}.")

    try:
        outcome = run_batch(counted(documents), settings, inputs, on_chunk=progress.add, on_note=note)
    except (ResumeError, BatchError) as exc:
        raise _CannotWrite(str(exc).rstrip(".")) from None
    except KeyboardInterrupt:
        progress.close()
        if run_dir_for(output).exists():
            raise _Interrupted(f"extractor: interrupted; finished chunks are kept in {run_dir_for(output)} "
                               "(run the same command with --resume to continue).") from None
        raise
    finally:
        progress.close()
    if outcome.n_documents == 0:
        raise _NothingToDo(f"no input documents found ({' '.join(supported_suffixes())})")
    report = _new_report(args, output, manifest_path, args.engine, outcome.workers)
    report.counts.update(outcome.counts)
    for name in _OUTCOME_FIELDS:  # what the batch measured, under the same names in the report
        setattr(report, name, getattr(outcome, name))
    report.worker_cpu_s = outcome.worker_cpu_s if args.engine == "local" or outcome.worker_cpu_s else None
    # documents that could not be read at all: only known for the documents read in this session
    report.n_unreadable = readable[False] if not outcome.resumed else 0
    return report


_OUTCOME_FIELDS = ("n_documents", "n_figures", "first_result_s", "last_result_s", "main_cpu_first_result_s",
                   "main_cpu_last_result_s", "engine_start_s", "resumed", "n_resumed_documents",
                   "worker_peak_rss_kb", "pipelines_cpu_s", "pipelines_cpu_s_after_first_result")


def _new_report(args: argparse.Namespace, output: Path, manifest: Path, engine: str, workers: int) -> RunReport:
    return RunReport(arguments={}, output=str(output), manifest=str(manifest), engine=engine, workers=workers,
                     started=datetime.now(timezone.utc))


class _NothingToDo(Exception):
    pass


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _sigterm_as_interrupt():  # noqa: ANN202
    """Make SIGTERM unwind like Ctrl-C (temporary files removed); returns the old handler."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _raise_interrupt)


def _fail(message: str) -> int:
    print(f"extractor: error: {message}.", file=sys.stderr)
    return EXIT_FAIL


# ---------------------------------------------------------------- evaluate


def cmd_evaluate(args: argparse.Namespace) -> int:
    from extractor.evaluate import evaluate_files, format_table

    for value in (args.pred, args.gold):
        if not Path(value).exists():
            raise UsageError(f"file not found: {value}")
    try:
        scores = evaluate_files(args.pred, args.gold)
    except (ValueError, KeyError, OSError, UnicodeDecodeError) as exc:
        return _fail(f"cannot evaluate: {one_line(exc)}")
    print(json.dumps(scores.as_dict(), indent=2) if args.json else format_table(scores))
    return EXIT_OK


# ---------------------------------------------------------------- languages


def language_info(code: str) -> dict[str, str]:
    """One row of ``extractor languages``. Extend by adding keys (corpus size, scores ...)."""
    data = read_json(code, "language.json")
    return {"code": code, "name": str(data.get("name", ""))}


#: functions (code -> extra columns) appended to each ``extractor languages`` row: the corpus size and
#: the held-back scores measured by ``python -m extractor.scoreboard`` (``models/scores.json``)
LANGUAGE_COLUMNS: list[Callable[[str], dict[str, str]]] = [scoreboard.language_columns]


def language_rows() -> list[dict[str, str]]:
    rows = []
    for code in language_codes():
        row = language_info(code)
        for extra in LANGUAGE_COLUMNS:
            row.update(extra(code))
        rows.append(row)
    return rows


def cmd_languages(args: argparse.Namespace) -> int:
    rows = language_rows()
    if rows:
        print("\t".join(rows[0].keys()))
    for row in rows:
        print("\t".join(str(v) for v in row.values()))
    return EXIT_OK


# ---------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"extractor: error: {exc}.", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("extractor: interrupted; no output written.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_FAIL
    except Exception as exc:  # noqa: BLE001 - last resort: one line, no traceback
        print(f"extractor: error: {one_line(exc)}.", file=sys.stderr)
        return EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
