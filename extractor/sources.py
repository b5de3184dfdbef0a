"""Input sources -> a stream of RawDocument.

``iter_documents(inputs)`` walks files and directories lazily, in a sorted, deterministic
order, and yields one ``RawDocument`` per document. Nothing is parsed here: a reader only
produces bytes plus origin, or a RawDocument with ``error``/``skip`` set when it cannot.

Extension points (for WARC, JSONL, URL readers written elsewhere):

* ``register_reader((".warc", ".warc.gz"), read_warc)`` -- a *file reader* is chosen by
  the longest matching suffix of the file name (case-insensitive). It is called as
  ``reader(path, doc_id, max_bytes)`` and yields any number of RawDocuments (one for a
  page, many for an archive); ``doc_id`` is the id the file would have (relative path
  without extension, or stem), which an archive reader may ignore in favour of record ids.
* ``register_input_handler(predicate, handler)`` -- for INPUT strings that are not paths
  (``http(s)://`` URLs). ``predicate(input) -> bool``; ``handler(input, max_bytes)`` yields
  RawDocuments.

The built-in readers (HTML, text, WARC, JSONL) are registered on first use, so library callers of
``iter_documents`` read archives too.

Readers must never raise for a bad document: they yield a RawDocument with ``error`` set.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from extractor.pagecache import read_sidecar
from extractor.types import RawDocument

#: reader(path, doc_id, max_bytes) -> RawDocuments
FileReader = Callable[[Path, str, "int | None"], Iterator[RawDocument]]
#: handler(input, max_bytes) -> RawDocuments
InputHandler = Callable[[str, "int | None"], Iterator[RawDocument]]

_READERS: dict[str, FileReader] = {}
_INPUT_HANDLERS: list[tuple[Callable[[str], bool], InputHandler]] = []
_BUILTINS_LOADED = False


def register_reader(suffixes: Sequence[str], reader: FileReader) -> None:
    """Register ``reader`` for file names ending in any of ``suffixes`` (e.g. ``".warc.gz"``)."""
    for suffix in suffixes:
        _READERS[suffix.lower()] = reader


def register_input_handler(predicate: Callable[[str], bool], handler: InputHandler) -> None:
    """Register a handler for INPUT strings that are not file system paths (URLs, ...)."""
    _INPUT_HANDLERS.append((predicate, handler))


def _load_builtin_readers() -> None:
    """Register the archive readers (imported here: they build on this module)."""
    global _BUILTINS_LOADED
    if not _BUILTINS_LOADED:
        _BUILTINS_LOADED = True
        from extractor import jsonl, warc

        warc.register()
        jsonl.register()


def supported_suffixes() -> tuple[str, ...]:
    _load_builtin_readers()
    return tuple(sorted(_READERS))


def matching_suffix(name: str) -> str | None:
    """The longest registered suffix that ``name`` ends with, or None."""
    _load_builtin_readers()
    lower = name.lower()
    best = None
    for suffix in _READERS:
        if lower.endswith(suffix) and len(lower) > len(suffix):
            if best is None or len(suffix) > len(best):
                best = suffix
    return best


def input_handler_for(value: str) -> InputHandler | None:
    for predicate, handler in _INPUT_HANDLERS:
        if predicate(value):
            return handler
    return None


def format_size(n_bytes: int) -> str:
    """``52428800`` -> ``"52.4 MB"``; decimal units, one decimal, trailing ``.0`` dropped."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if n_bytes >= scale:
            return f"{n_bytes / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n_bytes} bytes"


def too_large_reason(size: int, max_bytes: int) -> str:
    return f"too large ({format_size(size)} > {format_size(max_bytes)})"


def _os_reason(exc: OSError) -> str:
    return f"cannot read file: {exc.strerror or exc.__class__.__name__}"


def read_file_bytes(path: Path, doc_id: str, kind: str, max_bytes: int | None) -> RawDocument:
    """Read one regular file into a RawDocument; failures become ``error``/``skip``."""
    source = str(path)
    try:
        st = path.stat()
    except OSError as exc:
        if path.is_symlink():
            return RawDocument(doc_id, source, kind=kind, error="cannot read file: dangling symbolic link")
        return RawDocument(doc_id, source, kind=kind, error=_os_reason(exc))
    if not stat.S_ISREG(st.st_mode):
        return RawDocument(doc_id, source, kind=kind, error="cannot read file: not a regular file")
    if max_bytes is not None and st.st_size > max_bytes:
        return RawDocument(doc_id, source, kind=kind, skip=too_large_reason(st.st_size, max_bytes))
    try:
        with path.open("rb") as fh:
            # read at most one byte past the cap: the file may have grown since stat()
            content = fh.read(max_bytes + 1) if max_bytes is not None else fh.read()
    except OSError as exc:
        return RawDocument(doc_id, source, kind=kind, error=_os_reason(exc))
    if max_bytes is not None and len(content) > max_bytes:
        return RawDocument(doc_id, source, kind=kind, skip=too_large_reason(len(content), max_bytes))
    return RawDocument(doc_id, source, content=content, kind=kind)


def _with_sidecar(doc: RawDocument, path: Path) -> RawDocument:
    """A page saved by ``extractor run --cache``: its final URL and charset come from the sidecar."""
    meta = read_sidecar(path) if doc.content is not None else None
    if meta is not None:
        doc.url = str(meta.get("final_url") or doc.url)
        doc.encoding = meta.get("encoding") or doc.encoding
    return doc


def _html_reader(path: Path, doc_id: str, max_bytes: int | None) -> Iterator[RawDocument]:
    yield _with_sidecar(read_file_bytes(path, doc_id, "html", max_bytes), path)


def _text_reader(path: Path, doc_id: str, max_bytes: int | None) -> Iterator[RawDocument]:
    yield _with_sidecar(read_file_bytes(path, doc_id, "text", max_bytes), path)


register_reader((".html", ".htm"), _html_reader)
register_reader((".txt",), _text_reader)


def _strip_suffix(name: str, suffix: str) -> str:
    return name[: len(name) - len(suffix)]


class _Found(NamedTuple):
    path: Path
    doc_id: str
    suffix: str  # the registered suffix that picks the reader
    error: str = ""  # set for an unreadable directory


def _walk(directory: Path, rel: tuple[str, ...], seen: set[tuple[int, int]]) -> Iterator[_Found]:
    """Yield the input files below ``directory``, sorted by name, depth first.

    Hidden entries are skipped; symlinked directories are followed once (cycle-safe).
    One directory listing is held at a time per level, never the whole tree.
    An unreadable directory is yielded with ``error`` set: the caller reports it.
    """
    try:
        with os.scandir(directory) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        yield _Found(directory, "/".join(rel) or directory.name, "", f"cannot read directory: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            try:
                st = path.stat()
            except OSError:
                continue
            key = (st.st_dev, st.st_ino)
            if key in seen:
                continue
            seen.add(key)
            yield from _walk(path, rel + (entry.name,), seen)
            continue
        suffix = matching_suffix(entry.name)
        if suffix is None:
            continue
        doc_id = "/".join(rel + (_strip_suffix(entry.name, suffix),))
        yield _Found(path, doc_id, suffix)


def _read(found: _Found, max_bytes: int | None) -> Iterator[RawDocument]:
    path, doc_id, suffix, error = found
    if error:
        yield RawDocument(doc_id, str(path), error=error)
        return
    reader = _READERS[suffix]
    try:
        yield from reader(path, doc_id, max_bytes)
    except Exception as exc:  # a reader bug must not end the batch
        yield RawDocument(doc_id, str(path), error=f"{exc.__class__.__name__}: {exc}".splitlines()[0])


def iter_documents(inputs: Sequence[str], *, max_bytes: int | None = None) -> Iterator[RawDocument]:
    """Stream RawDocuments from files, directories and registered non-path inputs.

    Inputs are processed in the order given; files below a directory in sorted order.
    ``max_bytes`` lets readers refuse oversized files without reading them.
    A direct file with an unsupported extension or a missing path yields an error document.
    """
    for value in inputs:
        handler = input_handler_for(value)
        if handler is not None:
            yield from handler(value, max_bytes)
            continue
        path = Path(value)
        if path.is_dir():
            st = path.stat()
            for found in _walk(path, (), {(st.st_dev, st.st_ino)}):
                yield from _read(found, max_bytes)
            continue
        suffix = matching_suffix(path.name)
        if suffix is None:
            yield RawDocument(path.name, value, error=f"unsupported input type: {path.name}")
            continue
        yield from _read(_Found(path, _strip_suffix(path.name, suffix), suffix), max_bytes)
