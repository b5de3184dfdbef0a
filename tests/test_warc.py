"""WARC reader: which records are documents, which are skipped, and damaged records as errors
without losing the records after them."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from pathlib import Path

import pytest
from conftest import dutch_text
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractor import cli
from extractor.sources import iter_documents
from extractor.warc import read_warc, register

register()

PAGE = "<html lang='nl'><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p></article></body></html>"


def _page(title: str, text: str | None = None) -> bytes:
    return PAGE.format(title=title, text=text or dutch_text()).encode("utf-8")


def _record(kind: str, uri: str, body: bytes = b"", status: str = "200 OK",
            content_type: str = "text/html; charset=utf-8", **http: str) -> bytes:
    """One uncompressed WARC record (with block and payload digests, as warcio writes them)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    if kind in ("response", "revisit"):
        headers = [("Content-Type", content_type), *http.items()]
        record = writer.create_warc_record(uri, kind, payload=io.BytesIO(body),
                                           http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"))
    elif kind == "request":
        record = writer.create_warc_record(uri, "request", payload=io.BytesIO(b""),
                                           http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")],
                                                                         is_http_request=True))
    elif kind == "warcinfo":
        record = writer.create_warcinfo_record("test.warc", {"software": "test"})
    else:
        record = writer.create_warc_record(uri, kind, payload=io.BytesIO(body), warc_content_type=content_type)
    writer.write_record(record)
    return out.getvalue()


def _write(path: Path, records: list[bytes]) -> Path:
    """Plain WARC, or one gzip member per record for ``.warc.gz`` (the standard layout)."""
    if path.name.endswith(".gz"):
        path.write_bytes(b"".join(gzip.compress(r) for r in records))
    else:
        path.write_bytes(b"".join(records))
    return path


def _corrupt(record: bytes, old: bytes, new: bytes) -> bytes:
    assert len(old) == len(new) and old in record
    return record.replace(old, new, 1)


def _docs(path: Path, max_bytes: int | None = None) -> list[tuple[str, str]]:
    """(doc_id, what) per RawDocument: 'doc', 'skip: reason' or 'error: reason'."""
    out = []
    for doc in read_warc(path, path.stem, max_bytes):
        what = f"error: {doc.error}" if doc.error else f"skip: {doc.skip}" if doc.skip else "doc"
        out.append((doc.doc_id, what))
    return out


@pytest.fixture(params=["plain.warc", "archive.warc.gz"])
def warc_name(request: pytest.FixtureRequest) -> str:
    return request.param


def test_documents_skips_and_ignored_records(tmp_path: Path, warc_name: str) -> None:
    path = _write(tmp_path / warc_name, [
        _record("warcinfo", ""),
        _record("request", "https://a.example/1"),
        _record("response", "https://a.example/1", _page("Een")),
        _record("metadata", "https://a.example/1", b"via: x", content_type="application/warc-fields"),
        _record("response", "https://a.example/missing", b"not found", status="404 Not Found"),
        _record("response", "https://a.example/logo.png", b"\x89PNG....", content_type="image/png"),
        _record("response", "https://a.example/redirect", b"", status="301 Moved Permanently"),
        _record("revisit", "https://a.example/1", b""),
        _record("response", "https://a.example/2", _page("Twee"), content_type="application/xhtml+xml"),
    ])
    assert _docs(path) == [
        ("https://a.example/1", "doc"),
        ("https://a.example/missing", "skip: HTTP status 404"),
        ("https://a.example/logo.png", "skip: not HTML (image/png)"),
        ("https://a.example/redirect", "skip: HTTP status 301"),
        ("https://a.example/1", "skip: revisit record (no payload of its own)"),
        ("https://a.example/2", "doc"),
    ]
    first = next(read_warc(path, "x", None))
    assert first.content == _page("Een") and first.url == "https://a.example/1" and first.kind == "html"
    assert first.encoding == "utf-8"
    assert first.source.startswith(str(path) + "#") and first.source.split("#")[1].isdigit()


def test_payload_with_content_and_transfer_encoding_is_decoded(tmp_path: Path) -> None:
    body = _page("Gzipped")
    gz = gzip.compress(body)
    chunked = b"%x\r\n" % len(gz) + gz + b"\r\n0\r\n\r\n"
    path = _write(tmp_path / "enc.warc", [
        _record("response", "https://a.example/gz", chunked, **{"Content-Encoding": "gzip", "Transfer-Encoding": "chunked"}),
    ])
    (doc,) = list(read_warc(path, "enc", None))
    assert doc.content == body


def test_too_large_payload_is_skipped(tmp_path: Path, warc_name: str) -> None:
    path = _write(tmp_path / warc_name, [
        _record("response", "https://a.example/big", _page("Groot", "x " * 5000)),
        _record("response", "https://a.example/small", _page("Klein")),
    ])
    docs = _docs(path, max_bytes=2000)
    assert docs[0][0] == "https://a.example/big" and docs[0][1].startswith("skip: too large (")
    assert docs[1] == ("https://a.example/small", "doc")


def test_digest_mismatch_is_an_error_and_the_rest_is_read(tmp_path: Path, warc_name: str) -> None:
    bad = _corrupt(_record("response", "https://a.example/bad", _page("Kapot")), b"Kapot</h1>", b"Kaput</h1>")
    path = _write(tmp_path / warc_name, [
        _record("response", "https://a.example/1", _page("Een")),
        bad,
        _record("response", "https://a.example/3", _page("Drie")),
    ])
    docs = _docs(path)
    assert [d[0] for d in docs] == ["https://a.example/1", "https://a.example/bad", "https://a.example/3"]
    assert docs[1][1].startswith("error: corrupt WARC record (") and "digest failed" in docs[1][1]
    assert docs[0][1] == docs[2][1] == "doc"


def test_wrong_content_length_is_an_error_and_the_rest_is_read(tmp_path: Path) -> None:
    record = _record("response", "https://a.example/short", _page("Kort"))
    length = int(record.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    short = record.replace(b"Content-Length: %d" % length, b"Content-Length: %d" % (length - 40), 1)
    path = _write(tmp_path / "len.warc", [
        _record("response", "https://a.example/1", _page("Een")),
        short,
        _record("response", "https://a.example/3", _page("Drie")),
    ])
    docs = _docs(path)
    assert docs[0] == ("https://a.example/1", "doc")
    assert docs[1][0] == "https://a.example/short" and docs[1][1].startswith("error: corrupt WARC record")
    assert docs[-1] == ("https://a.example/3", "doc")


def test_truncated_last_record_is_an_error(tmp_path: Path, warc_name: str) -> None:
    path = _write(tmp_path / warc_name, [
        _record("response", "https://a.example/1", _page("Een")),
        _record("response", "https://a.example/2", _page("Twee", dutch_text() * 20)),
    ])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 400])
    docs = _docs(path)
    assert docs[0] == ("https://a.example/1", "doc")
    assert len(docs) == 2 and docs[1][0] == "https://a.example/2"
    assert docs[1][1].startswith(("error: truncated WARC record", "error: corrupt WARC record"))


def test_damaged_gzip_member_in_the_middle(tmp_path: Path) -> None:
    members = [gzip.compress(_record("response", f"https://a.example/{i}", _page(f"Pagina {i}", dutch_text() * 5)))
               for i in range(4)]
    members[1] = members[1][: len(members[1]) // 2]  # cut in half, followed by intact members
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(b"".join(members))
    docs = _docs(path)
    assert ("https://a.example/0", "doc") == docs[0]
    assert docs[-2:] == [("https://a.example/2", "doc"), ("https://a.example/3", "doc")]
    assert docs[1][0] == "https://a.example/1" and docs[1][1].startswith("error: corrupt WARC record")
    assert len(docs) == 4


def test_garbage_between_records_of_a_plain_warc(tmp_path: Path) -> None:
    path = _write(tmp_path / "junk.warc", [
        _record("response", "https://a.example/1", _page("Een")),
        b"\x00\x01 this is not a record \r\n\r\n",
        _record("response", "https://a.example/3", _page("Drie")),
    ])
    docs = _docs(path)
    assert docs[0] == ("https://a.example/1", "doc") and docs[-1] == ("https://a.example/3", "doc")
    assert sum(d[1].startswith("error: ") for d in docs) == 1


def test_not_a_warc_at_all_is_one_error_row(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc.gz"
    path.write_bytes(gzip.compress(b"just some text\n" * 100))
    docs = list(iter_documents([str(path)]))
    assert len(docs) == 1 and docs[0].error


def test_empty_warc_has_no_documents(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc"
    path.write_bytes(b"")
    assert _docs(path) == []


def test_warc_through_the_command_line(tmp_path: Path, fake_analysis, warc_name: str) -> None:  # noqa: ANN001
    digest = hashlib.sha1(b"x").hexdigest()[:6]
    path = _write(tmp_path / warc_name, [
        _record("request", "https://a.example/1"),
        _record("response", "https://a.example/1", _page("Een")),
        _record("response", f"https://a.example/{digest}", b"gone", status="410 Gone"),
        _corrupt(_record("response", "https://a.example/bad", _page("Kapot")), b"Kapot</h1>", b"Kaput</h1>"),
        _record("response", "https://a.example/2", _page("Twee", dutch_text("NOFIGURES"))),
    ])
    out = tmp_path / "out.csv"
    assert cli.main(["run", str(path), "-o", str(out), "-q"]) == 0
    with (tmp_path / "documents.csv").open(newline="", encoding="utf-8") as fh:
        rows = [(r["doc_id"], r["status"]) for r in csv.DictReader(fh)]
    assert rows == [("https://a.example/1", "ok"), (f"https://a.example/{digest}", "skipped"),
                    ("https://a.example/bad", "error"), ("https://a.example/2", "no_figures")]
    with out.open(newline="", encoding="utf-8") as fh:
        figures = list(csv.DictReader(fh))
    assert [(r["doc_id"], r["url"], r["title"]) for r in figures] == [("https://a.example/1", "https://a.example/1", "Een")]
