"""JSONL reader: one document per line, bad lines as error rows, nothing dropped silently."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest
from conftest import dutch_text

from extractor import cli
from extractor.jsonl import read_jsonl, register

register()


def _line(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False)


def _read(path: Path, max_bytes: int | None = None) -> list:
    return list(read_jsonl(path, path.name.split(".")[0], max_bytes))


@pytest.fixture(params=[".jsonl", ".jsonl.gz"])
def dump(tmp_path: Path, request: pytest.FixtureRequest):  # noqa: ANN201
    """Writes lines to ``dump.jsonl`` or ``dump.jsonl.gz``."""

    def write(lines: list[str], *, trailing_newline: bool = True) -> Path:
        data = ("\n".join(lines) + ("\n" if trailing_newline else "")).encode("utf-8")
        path = tmp_path / f"dump{request.param}"
        path.write_bytes(gzip.compress(data) if request.param.endswith(".gz") else data)
        return path

    return write


def test_html_and_text_records(dump) -> None:  # noqa: ANN001
    path = dump([
        _line(id="a1", url="https://x.example/a", html="<html><body><p>Hallo wereld</p></body></html>",
              published="2024-09-16"),
        _line(id="b2", url="https://x.example/b", text="Gewone tekst"),
        _line(id=42, html="<p>beide</p>", text="tekst verliest"),
    ])
    docs = _read(path)
    assert [(d.doc_id, d.kind, d.url, d.published, d.error) for d in docs] == [
        ("a1", "html", "https://x.example/a", "2024-09-16", ""),
        ("b2", "text", "https://x.example/b", "", ""),
        ("42", "html", "", "", ""),
    ]
    assert docs[0].content == "<html><body><p>Hallo wereld</p></body></html>".encode()
    assert docs[1].content == "Gewone tekst".encode() and docs[1].encoding == "utf-8"
    assert [d.source for d in docs] == [f"{path}:1", f"{path}:2", f"{path}:3"]


def test_bad_lines_are_error_rows_and_blank_lines_are_ignored(dump) -> None:  # noqa: ANN001
    path = dump([
        _line(id="ok", text="fine"),
        "",
        "{not json",
        "[1, 2]",
        _line(url="https://x.example/no-id", text="no id"),
        _line(id="empty", text=""),
        _line(id="wrong-type", html=["<p>list</p>"]),
        _line(id="last", text="fine too"),
        '{"id": "torn", "text": "half a li',
    ], trailing_newline=False)
    docs = _read(path)
    got = [(d.doc_id, d.error) for d in docs]
    assert got[0] == ("ok", "")
    assert got[1][0] == "dump:3" and got[1][1].startswith("invalid JSONL line (")
    assert got[2] == ("dump:4", "invalid JSONL line (not a JSON object)")
    assert got[3] == ("dump:5", "JSONL record without an 'id'")
    assert got[4] == ("empty", "JSONL record without an 'html' or 'text' string")
    assert got[5] == ("wrong-type", "JSONL record without an 'html' or 'text' string")
    assert got[6] == ("last", "")
    assert got[7][0] == "dump:9" and got[7][1].startswith("invalid JSONL line (")
    assert len(docs) == 8


def test_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"id": "x", "text": "caf\xe9"}\n' + _line(id="y", text="ok").encode() + b"\n")
    docs = _read(path)
    assert [(d.doc_id, d.error) for d in docs] == [("bad:1", "invalid JSONL line (not UTF-8)"), ("y", "")]


def test_oversized_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(_line(id="big", text="x" * 5000) + "\n" + _line(id="small", text="y") + "\n", encoding="utf-8")
    docs = _read(path, max_bytes=1000)
    assert docs[0].doc_id == "big:1" and docs[0].skip.startswith("too large (")
    assert (docs[1].doc_id, docs[1].skip, docs[1].error) == ("small", "", "")


def test_jsonl_through_the_command_line(tmp_path: Path, fake_analysis) -> None:  # noqa: ANN001
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join([
        _line(id="nl-1", url="https://x.example/1", text=dutch_text(), published="2024-05-01"),
        _line(id="nl-2", url="https://x.example/2",
              html=f"<html><body><article><p>{dutch_text('NOFIGURES')}</p></article></body></html>"),
        "{broken",
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "f.csv"
    assert cli.main(["run", str(path), "-o", str(out), "-q"]) == 0
    with (tmp_path / "documents.csv").open(newline="", encoding="utf-8") as fh:
        manifest = [(r["doc_id"], r["source"], r["status"]) for r in csv.DictReader(fh)]
    assert manifest == [("nl-1", f"{path}:1", "ok"), ("nl-2", f"{path}:2", "no_figures"),
                        ("dump:3", f"{path}:3", "error")]
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["doc_id"], r["url"], r["published"]) for r in rows] == [("nl-1", "https://x.example/1", "2024-05-01")]
