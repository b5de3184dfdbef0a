from __future__ import annotations

import inspect
import os
from pathlib import Path

import pytest

from extractor import sources
from extractor.sources import format_size, iter_documents


def _write(path: Path, content: bytes = b"<p>x</p>") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for rel in ["nl/mong-cai.txt", "nl/sub/deep/a.html", "de/uong-bi.htm", "b.txt", "a.HTML",
                "nl/notes.md", "nl/image.png", ".hidden.txt", "nl/.cache/x.txt", ".git/y.html"]:
        _write(root / rel, rel.encode())
    return root


def test_iter_documents_is_a_generator(tree: Path) -> None:
    assert inspect.isgenerator(iter_documents([str(tree)]))


def test_directory_doc_ids_are_relative_posix_paths_without_extension(tree: Path) -> None:
    ids = [d.doc_id for d in iter_documents([str(tree)])]
    assert sorted(ids) == sorted(["nl/mong-cai", "nl/sub/deep/a", "de/uong-bi", "b", "a"])
    # other extensions and hidden files/directories are ignored
    assert not any(i.startswith(".") or "notes" in i or "image" in i or "cache" in i for i in ids)


def test_order_is_sorted_and_deterministic(tree: Path) -> None:
    first = [d.doc_id for d in iter_documents([str(tree)])]
    second = [d.doc_id for d in iter_documents([str(tree)])]
    assert first == second == ["a", "b", "de/uong-bi", "nl/mong-cai", "nl/sub/deep/a"]


@pytest.mark.parametrize(
    "name, doc_id, kind",
    [("mong-cai.txt", "mong-cai", "text"), ("page.html", "page", "html"), ("page.htm", "page", "html"),
     ("Page.HTML", "Page", "html"), ("v1.2.article.txt", "v1.2.article", "text")],
)
def test_file_given_directly_uses_its_stem(tmp_path: Path, name: str, doc_id: str, kind: str) -> None:
    path = _write(tmp_path / "deep" / "dir" / name, b"hello")
    docs = list(iter_documents([str(path)]))
    assert len(docs) == 1
    assert (docs[0].doc_id, docs[0].kind, docs[0].content, docs[0].source) == (doc_id, kind, b"hello", str(path))
    assert docs[0].error == docs[0].skip == ""


def test_inputs_keep_their_order_and_mix_files_and_dirs(tree: Path, tmp_path: Path) -> None:
    single = _write(tmp_path / "zz.txt", b"z")
    ids = [d.doc_id for d in iter_documents([str(single), str(tree / "de")])]
    assert ids == ["zz", "uong-bi"]


def test_files_are_read_lazily(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", b"first")
    second = _write(tmp_path / "b.txt", b"old")
    it = iter_documents([str(tmp_path)])
    assert next(it).content == b"first"
    second.write_bytes(b"new")  # changed after the first document was handed out
    assert next(it).content == b"new"


def test_missing_direct_file_is_an_error_document(tmp_path: Path) -> None:
    docs = list(iter_documents([str(tmp_path / "gone.txt")]))
    assert len(docs) == 1 and docs[0].doc_id == "gone"
    assert docs[0].error.startswith("cannot read file:") and docs[0].content is None


def test_dangling_symlink_is_an_error_document(tmp_path: Path) -> None:
    _write(tmp_path / "ok.txt", b"fine")
    (tmp_path / "broken.html").symlink_to(tmp_path / "nowhere.html")
    docs = {d.doc_id: d for d in iter_documents([str(tmp_path)])}
    assert docs["broken"].error == "cannot read file: dangling symbolic link"
    assert docs["ok"].content == b"fine" and not docs["ok"].error


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    docs = list(iter_documents([str(tmp_path)]))
    assert [(d.doc_id, d.error) for d in docs] == [("pipe", "cannot read file: not a regular file")]


def test_unreadable_file_is_an_error_document(tmp_path: Path, is_root: bool) -> None:
    if is_root:
        pytest.skip("root reads chmod 000 files; the dangling-symlink and FIFO tests cover this")
    path = _write(tmp_path / "secret.txt", b"x")
    path.chmod(0)
    try:
        docs = list(iter_documents([str(tmp_path)]))
    finally:
        path.chmod(0o644)
    assert docs[0].error == "cannot read file: Permission denied"


def test_symlinked_directory_cycle_is_walked_once(tmp_path: Path) -> None:
    _write(tmp_path / "a" / "x.txt", b"x")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    ids = [d.doc_id for d in iter_documents([str(tmp_path)])]
    assert ids == ["a/x"]


def test_too_large_file_is_skipped_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with big.open("wb") as fh:  # sparse: 50 MiB on paper, nothing on disk
        fh.truncate(50 * 1024 * 1024)
    docs = list(iter_documents([str(big)], max_bytes=20_000_000))
    assert docs[0].skip == "too large (52.4 MB > 20 MB)"
    assert docs[0].content is None


@pytest.mark.parametrize("n, text", [(52_428_800, "52.4 MB"), (20_000_000, "20 MB"), (1_500, "1.5 kB"), (12, "12 bytes")])
def test_format_size(n: int, text: str) -> None:
    assert format_size(n) == text


def test_reader_registry_is_an_extension_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new kind (e.g. JSONL or WARC) plugs in by suffix; longest suffix wins; one file -> many docs."""
    seen: list[tuple[str, str]] = []

    def archive_reader(path, doc_id, max_bytes):  # noqa: ANN001, ANN202
        seen.append((path.name, doc_id))
        for i, line in enumerate(path.read_bytes().splitlines()):
            yield sources.RawDocument(f"{doc_id}#{i}", f"{path}#{i}", content=line, kind="text")

    monkeypatch.setitem(sources._READERS, ".lines.gz", archive_reader)
    _write(tmp_path / "x" / "batch.lines.gz", b"one\ntwo")
    _write(tmp_path / "x" / "other.gz", b"ignored")
    docs = list(iter_documents([str(tmp_path)]))
    assert [(d.doc_id, d.content) for d in docs] == [("x/batch#0", b"one"), ("x/batch#1", b"two")]
    assert seen == [("batch.lines.gz", "x/batch")]


def test_input_handler_extension_point(monkeypatch: pytest.MonkeyPatch) -> None:
    def handler(value, max_bytes):  # noqa: ANN001, ANN202
        yield sources.RawDocument(value, value, content=b"<p>hi</p>", url=value)

    monkeypatch.setattr(sources, "_INPUT_HANDLERS", [(lambda s: s.startswith("mem://"), handler)])
    docs = list(iter_documents(["mem://a/b"]))
    assert [(d.doc_id, d.url) for d in docs] == [("mem://a/b", "mem://a/b")]


def test_a_crashing_reader_becomes_an_error_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def bad_reader(path, doc_id, max_bytes):  # noqa: ANN001, ANN202
        raise ValueError("corrupt archive\nmore")
        yield  # pragma: no cover

    monkeypatch.setitem(sources._READERS, ".bad", bad_reader)
    _write(tmp_path / "x.bad", b"?")
    _write(tmp_path / "y.txt", b"fine")
    docs = list(iter_documents([str(tmp_path)]))
    assert [(d.doc_id, d.error) for d in docs] == [("x", "ValueError: corrupt archive"), ("y", "")]


def test_unreadable_directory_is_reported_not_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "a" / "x.txt", b"x")
    _write(tmp_path / "b" / "y.txt", b"y")
    real_scandir = os.scandir

    def scandir(path):  # noqa: ANN001, ANN202 - root ignores chmod, so simulate the failure
        if Path(path).name == "a":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(sources.os, "scandir", scandir)
    docs = list(iter_documents([str(tmp_path)]))
    assert [(d.doc_id, d.error) for d in docs] == [("a", "cannot read directory: Permission denied"), ("b/y", "")]


def test_library_callers_read_archives_without_the_cli(tmp_path: Path) -> None:
    """The archive readers register on first use, not only when the command line starts."""
    (tmp_path / "a.jsonl").write_text('{"id": "x1", "text": "Tekst"}\n', encoding="utf-8")
    docs = list(iter_documents([str(tmp_path / "a.jsonl")]))
    assert [(d.doc_id, d.error) for d in docs] == [("x1", "")]
    assert ".warc.gz" in sources.supported_suffixes()
