from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO, SEEDS, dutch_text

from extractor import cli
from extractor.output import FIGURE_COLUMNS, MANIFEST_COLUMNS, format_value
from extractor.resources import language_codes, read_json

EXPECTED_FIGURE_COLUMNS = [
    "doc_id", "url", "title", "published", "language", "committee", "level", "place", "metric", "value", "unit",
    "category", "period_start", "period_end", "sentence", "char_start", "char_end", "rule_id",
]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as fh:
        return next(csv.reader(fh))


@pytest.fixture
def corpus(tmp_path: Path, unsupported_sample: tuple[str, str]) -> Path:
    root = tmp_path / "corpus"
    (root / "nl").mkdir(parents=True)
    (root / "nl" / "mong-cai.txt").write_text("Việt Nam 16/09/2024\n\n" + dutch_text(), encoding="utf-8")
    (root / "nl" / "leeg.txt").write_text(dutch_text("NOFIGURES"), encoding="utf-8")
    (root / "foreign.txt").write_text(unsupported_sample[1], encoding="utf-8")
    return root


def test_run_writes_figures_and_manifest(corpus: Path, tmp_path: Path, fake_analysis, capsys,  # noqa: ANN001
                                        unsupported_sample: tuple[str, str]) -> None:
    foreign = unsupported_sample[0]
    out = tmp_path / "out" / "figures.csv"
    out.parent.mkdir()
    assert cli.main(["run", str(corpus), "-o", str(out)]) == 0
    assert _header(out) == EXPECTED_FIGURE_COLUMNS == list(FIGURE_COLUMNS)
    rows = _rows(out)
    assert [(r["doc_id"], r["language"], r["metric"], r["value"], r["place"]) for r in rows] == [
        ("nl/mong-cai", "nl", "admitted", "195", "Mong Cai")]
    row = rows[0]
    assert (row["published"], row["period_start"], row["period_end"]) == ("2024-09-16", "2024-01-01", "2024-08-31")
    assert (row["char_start"], row["char_end"], row["rule_id"], row["sentence"]) == ("3", "6", "test.fake",
                                                                                     'Zij zei: "195, 20%"')
    manifest = tmp_path / "out" / "documents.csv"  # default: beside the output
    assert _header(manifest) == list(MANIFEST_COLUMNS)
    status = {r["doc_id"]: (r["status"], r["language"], r["n_figures"], r["error"]) for r in _rows(manifest)}
    assert status == {
        "foreign": ("skipped", foreign, "0", f"language '{foreign}' not supported"),
        "nl/leeg": ("no_figures", "nl", "0", ""),
        "nl/mong-cai": ("ok", "nl", "1", ""),
    }
    assert sorted(fake_analysis) == [("nl/leeg", "nl"), ("nl/mong-cai", "nl")]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "3 documents (1 ok, 1 no_figures, 1 skipped, 0 error), 1 figures" in err[0]


def test_quiet_prints_nothing(corpus: Path, tmp_path: Path, fake_analysis, capsys) -> None:  # noqa: ANN001
    assert cli.main(["run", str(corpus), "-o", str(tmp_path / "f.csv"), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_jsonl_format_and_explicit_manifest(corpus: Path, tmp_path: Path, fake_analysis) -> None:  # noqa: ANN001
    out, manifest = tmp_path / "f.jsonl", tmp_path / "m" / "docs.csv"
    manifest.parent.mkdir()
    assert cli.main(["run", str(corpus), "-o", str(out), "--format", "jsonl", "--manifest", str(manifest), "-q"]) == 0
    objs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(objs) == 1
    assert list(objs[0]) == EXPECTED_FIGURE_COLUMNS
    assert objs[0]["value"] == 195 and isinstance(objs[0]["value"], int)
    assert (objs[0]["char_start"], objs[0]["committee"]) == (3, "partijcomité van de stad Mong Cai")
    assert len(_rows(manifest)) == 3
    assert not (tmp_path / "documents.csv").exists()


def test_forced_language_skips_detection(corpus: Path, tmp_path: Path, fake_analysis) -> None:  # noqa: ANN001
    out = tmp_path / "f.csv"
    assert cli.main(["run", str(corpus / "foreign.txt"), "-o", str(out), "--lang", "nl", "-q"]) == 0
    manifest = _rows(tmp_path / "documents.csv")
    assert [(r["doc_id"], r["status"], r["language"], r["lang_prob"]) for r in manifest] == [("foreign", "ok", "nl", "")]
    assert fake_analysis == [("foreign", "nl")]


def test_analysis_exception_is_a_manifest_row_and_the_run_goes_on(tmp_path: Path, fake_analysis) -> None:  # noqa: ANN001
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(dutch_text("BOOM"), encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(dutch_text(), encoding="utf-8")
    assert cli.main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "f.csv"), "-q"]) == 0
    manifest = {r["doc_id"]: r for r in _rows(tmp_path / "documents.csv")}
    assert (manifest["a"]["status"], manifest["a"]["error"]) == ("error", "RuntimeError: analysis exploded")
    assert manifest["b"]["status"] == "ok"
    assert int(manifest["a"]["elapsed_ms"]) >= 0
    assert len(_rows(tmp_path / "f.csv")) == 1


@pytest.mark.parametrize(
    "argv, phrase",
    [
        (["run", "IN", "--bogus"], "unrecognized arguments: --bogus"),
        (["run", "MISSING"], "input not found"),
        (["run", "IN", "--lang", "xx"], "unknown language 'xx'"),
        (["run", "IN", "--format", "xml"], "invalid choice: 'xml'"),
        (["run", "IN", "--max-bytes", "-5"], "positive whole number"),
        (["run"], "required: INPUT"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["evaluate", "MISSING", "--gold", "MISSING"], "file not found"),
        (["evaluate", "IN"], "required: --gold"),
        (["run", "IN", "-o", "OUT/x.csv", "--manifest", "OUT/x.csv"], "must be different files"),
    ],
)
def test_usage_errors_exit_2_with_one_sentence(argv: list[str], phrase: str, corpus: Path, tmp_path: Path,
                                               capsys) -> None:  # noqa: ANN001
    subst = {"IN": str(corpus), "MISSING": str(tmp_path / "missing.txt")}
    argv = [subst.get(a, a).replace("OUT", str(tmp_path)) for a in argv]
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse errors
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("extractor: error: ") and err.rstrip().endswith(".")
    assert phrase in err
    assert "Traceback" not in err
    assert not (tmp_path / "figures.csv").exists()


def test_usage_error_through_the_real_entry_point(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-m", "extractor", "run", str(tmp_path / "nope.html")],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == f"extractor: error: input not found: {tmp_path / 'nope.html'}.\n"
    assert proc.stdout == ""


def test_unwritable_output_exits_1(corpus: Path, tmp_path: Path, fake_analysis, capsys, is_root) -> None:  # noqa: ANN001
    code = cli.main(["run", str(corpus), "-o", str(tmp_path / "no" / "such" / "dir" / "f.csv")])
    assert code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write the output file" in err
    if not is_root:  # root can write into read-only directories
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        try:
            assert cli.main(["run", str(corpus), "-o", str(ro / "f.csv")]) == 1
        finally:
            ro.chmod(0o755)


def test_output_that_is_a_directory_exits_1(corpus: Path, tmp_path: Path, fake_analysis) -> None:  # noqa: ANN001
    (tmp_path / "f.csv").mkdir()
    assert cli.main(["run", str(corpus), "-o", str(tmp_path / "f.csv"), "-q"]) == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_no_input_documents_exits_1(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "readme.md").write_text("not an input")
    assert cli.main(["run", str(tmp_path / "empty"), "-o", str(tmp_path / "f.csv")]) == 1
    assert "no input documents found" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


def test_nothing_readable_exits_1_but_explains_in_the_manifest(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert cli.main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "f.csv"), "-q"]) == 1
    rows = _rows(tmp_path / "documents.csv")
    assert [(r["doc_id"], r["status"], r["error"]) for r in rows] == [
        ("gone", "error", "cannot read file: dangling symbolic link")]


def test_interrupted_run_leaves_no_partial_output(corpus: Path, tmp_path: Path, fake_analysis,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    out = tmp_path / "f.csv"
    out.write_text("previous complete result\n")
    real = cli.process_document
    seen = []

    def process_then_interrupt(raw, options):  # noqa: ANN001, ANN202
        seen.append(raw.doc_id)
        if len(seen) == 3:
            # rows of finished documents are already streamed into the temporary file
            parts = [p for p in tmp_path.iterdir() if p.name.startswith(".f.csv.") and p.name.endswith(".part")]
            assert len(parts) == 1 and parts[0].read_text().startswith("doc_id,url,title,")
            manifest_parts = [p for p in tmp_path.iterdir() if p.name.startswith(".documents.csv.")]
            assert [r["doc_id"] for r in _rows(manifest_parts[0])] == ["foreign", "nl/leeg"]
            raise KeyboardInterrupt
        return real(raw, options)

    monkeypatch.setattr(cli, "process_document", process_then_interrupt)
    assert cli.main(["run", str(corpus), "-o", str(out), "-q"]) == 130
    assert out.read_text() == "previous complete result\n"
    assert not (tmp_path / "documents.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_rows_are_streamed_as_documents_complete(tmp_path: Path, fake_analysis,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    (tmp_path / "in").mkdir()
    for name in ("a", "b"):
        (tmp_path / "in" / f"{name}.txt").write_text(dutch_text(), encoding="utf-8")
    real = cli.process_document
    snapshots = []

    def spy(raw, options):  # noqa: ANN001, ANN202
        parts = [p for p in tmp_path.iterdir() if p.name.startswith(".f.csv.")]
        snapshots.append(parts[0].read_text(encoding="utf-8") if parts else None)
        return real(raw, options)

    monkeypatch.setattr(cli, "process_document", spy)
    assert cli.main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "f.csv"), "-q"]) == 0
    assert "\na," not in (snapshots[0] or "") and "\na," in snapshots[1]  # a's row written before b started
    assert not (tmp_path / "f.csv").read_text().startswith(".")


@pytest.mark.parametrize("value, text", [(3411.0, "3411"), (38.5, "38.5"), (102257, "102257"), (0.1, "0.1"),
                                         (1e-05, "0.00001"), (1234567.25, "1234567.25"), (100.0, "100")])
def test_value_is_a_plain_number(value: float, text: str) -> None:
    assert format_value(value) == text


def test_languages_lists_every_data_folder(capsys) -> None:  # noqa: ANN001
    assert cli.main(["languages"]) == 0
    header, *lines = capsys.readouterr().out.strip().splitlines()
    assert header.split("\t")[:5] == ["code", "name", "corpus_docs", "heldout_key_f1", "heldout_strict_f1"]
    assert [line.split("\t")[:2] for line in lines] == [
        [code, read_json(code, "language.json")["name"]] for code in language_codes()]
    nl = next(line.split("\t") for line in lines if line.startswith("nl\t"))
    assert int(nl[2]) >= 19 and 0.0 <= float(nl[3]) <= 1.0  # corpus size and held-back score of Dutch


def test_languages_can_be_extended(monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setattr(cli, "LANGUAGE_COLUMNS", [lambda code: {"articles": str(len(code))}])
    cli.main(["languages"])
    header, *lines = capsys.readouterr().out.strip().splitlines()
    assert header.endswith("\tarticles") and all(line.endswith("\t2") for line in lines)


def test_seeds_end_to_end_with_fake_analysis(tmp_path: Path, fake_analysis) -> None:  # noqa: ANN001
    out = tmp_path / "f.csv"
    assert cli.main(["run", str(SEEDS), "-o", str(out), "-q"]) == 0
    manifest = {r["doc_id"]: r for r in _rows(tmp_path / "documents.csv")}
    assert {k: (v["status"], v["language"]) for k, v in manifest.items()} == {
        "000_3a3d6f203a431f28": ("ok", "nl"), "001_c4738c51de09afae": ("ok", "de")}
    published = {r["doc_id"]: r["published"] for r in _rows(out)}
    assert published == {"000_3a3d6f203a431f28": date(2024, 9, 16).isoformat(), "001_c4738c51de09afae": ""}


def test_sigterm_unwinds_like_ctrl_c(corpus: Path, tmp_path: Path, fake_analysis,
                                     monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    import signal

    before = signal.getsignal(signal.SIGTERM)
    real = cli.process_document

    def terminate_on_second(raw, options):  # noqa: ANN001, ANN202
        if raw.doc_id == "nl/leeg":
            os.kill(os.getpid(), signal.SIGTERM)
        return real(raw, options)

    monkeypatch.setattr(cli, "process_document", terminate_on_second)
    assert cli.main(["run", str(corpus), "-o", str(tmp_path / "f.csv"), "-q"]) == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]
    assert signal.getsignal(signal.SIGTERM) == before
