"""A directory full of bad input: every document becomes a manifest row, the run goes on."""

from __future__ import annotations

import csv
import os
from datetime import date
from pathlib import Path

import pytest
from conftest import dutch_text
from htmlwrap import wrap_html

from extractor import cli

GOOD = dutch_text()
GERMAN = ("Die Stadt Uong Bi hat seit Jahresbeginn 295 neue Parteimitglieder aufgenommen und damit 102 Prozent "
          "des zugewiesenen Plans erreicht. Die Parteizellen in den Wohngebieten übernahmen dabei eine wichtige Rolle.")

# doc_id -> (status, reason prefix)
EXPECTED = {
    "good": ("ok", ""),
    "wrapped": ("ok", ""),
    "cp1252-undeclared": ("ok", ""),
    "wrong-declared": ("ok", ""),
    "empty": ("skipped", "empty file"),
    "binary": ("skipped", "binary content (NUL bytes), not a text document"),
    "no-article": ("skipped", "no article text found in HTML"),
    "huge": ("skipped", "too large (52.4 MB > 20 MB)"),
    "numbers-only": ("skipped", "no letters in text"),
    "foreign": ("skipped", "language '"),  # "language 'pl' not supported", checked below
    "uncertain": ("skipped", "language uncertain ("),
    "unreadable": ("error", "cannot read file: "),
}


def _make_unreadable(path: Path, is_root: bool) -> None:
    """Something that really fails to read: chmod 000 for normal users, a dangling symlink for root."""
    if is_root or not hasattr(os, "geteuid"):
        path.symlink_to(path.parent / "vanished-target.txt")
    else:
        path.write_text(GOOD)
        path.chmod(0)


@pytest.fixture
def bad_dir(tmp_path: Path, fixtures_dir: Path, is_root: bool, unsupported_sample: tuple[str, str]) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "wrapped.html").write_bytes(wrap_html("Uong Bi", [GERMAN] * 3, date(2024, 9, 2), "de", encoding="cp1252"))
    (d / "cp1252-undeclared.html").write_bytes((fixtures_dir / "cp1252_undeclared.html").read_bytes())
    (d / "wrong-declared.html").write_bytes(
        f'<html><head><meta charset="utf-8"></head><body><p>{GERMAN}</p></body></html>'.encode("cp1252"))
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (d / "no-article.html").write_bytes(b"<html><head><title>Index</title></head><body><nav><ul>"
                                        + b"".join(b"<li><a href='/%d'>Nieuws rubriek nummer %d</a></li>" % (i, i)
                                                   for i in range(40)) + b"</ul></nav></body></html>")
    with (d / "huge.html").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse 50 MiB page
    (d / "numbers-only.txt").write_text("2024 — 3.411 / 2.108 = 62 %\n102.257\n", encoding="utf-8")
    (d / "foreign.txt").write_text(unsupported_sample[1], encoding="utf-8")
    (d / "uncertain.txt").write_text("110 members 100%", encoding="utf-8")
    _make_unreadable(d / "unreadable.txt", is_root)
    return d


def test_bad_inputs_become_manifest_rows(bad_dir: Path, tmp_path: Path, fake_analysis, capsys) -> None:  # noqa: ANN001
    out = tmp_path / "figures.csv"
    try:
        code = cli.main(["run", str(bad_dir), "-o", str(out)])
    finally:
        for p in bad_dir.iterdir():
            if not p.is_symlink():
                p.chmod(0o644)
    assert code == 0
    with (tmp_path / "documents.csv").open(newline="", encoding="utf-8") as fh:
        manifest = {r["doc_id"]: r for r in csv.DictReader(fh)}
    assert set(manifest) == set(EXPECTED)
    for doc_id, (status, reason) in EXPECTED.items():
        row = manifest[doc_id]
        assert (doc_id, row["status"]) == (doc_id, status)
        assert row["error"].startswith(reason), (doc_id, row["error"])
        assert "\n" not in row["error"] and "Traceback" not in row["error"]
    assert manifest["foreign"]["error"].endswith("' not supported")
    assert manifest["wrapped"]["language"] == "de" and manifest["good"]["language"] == "nl"
    with out.open(newline="", encoding="utf-8") as fh:
        figure_docs = sorted(r["doc_id"] for r in csv.DictReader(fh))
    assert figure_docs == ["cp1252-undeclared", "good", "wrapped", "wrong-declared"]
    assert "12 documents (4 ok, 0 no_figures, 7 skipped, 1 error)" in capsys.readouterr().err


def test_decoded_text_reaches_the_analysis_correctly(bad_dir: Path, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    import sys
    import types

    texts: dict[str, str] = {}
    module = types.ModuleType("extractor.analysis")
    module.analyse = lambda article, lang: texts.setdefault(article.doc_id, article.text) and []
    monkeypatch.setitem(sys.modules, "extractor.analysis", module)
    assert cli.main(["run", str(bad_dir), "-o", str(tmp_path / "f.csv"), "-q"]) == 0
    assert "übernahmen" in texts["wrong-declared"] and "übernahmen" in texts["wrapped"]
    assert "„vorbildliche“" in texts["cp1252-undeclared"]
    assert "partijcomité" in texts["good"]


def test_max_bytes_is_configurable(tmp_path: Path, fake_analysis) -> None:  # noqa: ANN001
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    assert cli.main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "f.csv"), "--max-bytes", "100", "-q"]) == 0
    with (tmp_path / "documents.csv").open(newline="", encoding="utf-8") as fh:
        row = next(csv.DictReader(fh))
    assert (row["status"], row["error"]) == ("skipped", f"too large ({len(GOOD.encode())} bytes > 100 bytes)")
